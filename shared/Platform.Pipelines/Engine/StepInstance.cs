namespace Platform.Pipelines.Engine;

/// <summary>A step in one run: its attempts, its run slot and its result.</summary>
internal sealed class StepInstance(PlanNode plan, string id, GroupInstance parent, int position, string suffix)
    : NodeInstance(plan, id, parent, position, suffix)
{
    /// <summary>The current attempt number; 0 until the first dispatch.</summary>
    public int Attempt { get; set; }

    /// <summary>The current attempt was dispatched and its result is still awaited.</summary>
    public bool AttemptOpen { get; set; }

    public bool WaitingSlot { get; set; }

    public bool WaitingRetry { get; set; }

    /// <summary>Holds one of the run's <c>concurrency</c> slots.</summary>
    public bool HoldsSlot { get; set; }

    public int? ExitCode { get; set; }

    public IReadOnlyDictionary<string, string> Outputs { get; set; } = Empty;

    /// <summary>Each attempt's resource use by attempt number − 1 (null where not measured); null until one is.</summary>
    public List<ResourceUse?>? AttemptResources { get; set; }

    /// <summary>An approval step's decision, once made.</summary>
    public ApprovalRecord? Approval { get; set; }

    /// <summary>The run whose success this step took over (a re-run), if it did.</summary>
    public string? ReusedFrom { get; set; }

    /// <summary>The files the succeeded attempt stored with the run (<c>artifacts:</c>).</summary>
    public IReadOnlyList<ArtifactRecord> Artifacts { get; set; } = [];

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
