using Platform.Pipelines.Engine;
using MassTransit;

namespace Platform.Coordinator.Saga;

/// <summary>
/// The saga instance of one run: what is needed to rebuild its engine state (pipeline text and
/// inputs; the events are in the run store) and a summary for queries. Per-step
/// records stay out of it so an event never rewrites something proportional to the run's size.
/// </summary>
public sealed class RunState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Version { get; set; }

    public string PipelineYaml { get; set; } = "";

    public string PipelineFile { get; set; } = "";

    public string PipelineId { get; set; } = "";

    /// <summary>The name the user gave the run, if any.</summary>
    public string? Name { get; set; }

    public Dictionary<string, string> Inputs { get; set; } = [];

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The run's status; the saga's <see cref="CurrentState"/> says whether it runs, ended or was rejected.</summary>
    public RunStatus Status { get; set; } = RunStatus.Pending;

    /// <summary>The submission could not become a run (invalid, or refused by the store): the saga ends Rejected.</summary>
    public bool Rejected { get; set; }
}
