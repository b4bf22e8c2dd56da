using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Cli.Running;

/// <summary>
/// A fresh <c>run</c> spends its first few hundred milliseconds loading the pipeline, then building its
/// host, MassTransit's mediator and bus. Meanwhile, on a thread of its own, this does once what the run
/// needs a little later, so that it is compiled and its types loaded when the run gets there, in the order
/// the run needs it: the id generator and the engine's first decisions for this very pipeline on a
/// throwaway state (the engine is a pure function: nothing is stored, sent or started), then, once the
/// host is built, the saga's state machine and the mediator (a new embedded run builds the mediator at
/// once on another thread, which then finds the state machine built or being built here), and last the
/// JSON contracts of the messages its first steps travel through on the bus (as MassTransit serialises
/// them). Over a broker no saga or mediator is registered and nothing is resolved. Nothing here is kept
/// or needed for correctness: whatever the run reaches first, it does itself, and a failure here is
/// ignored. Measured in bench/results/perf-profile.md ("Start-up a third time", "The first step before the bus").
/// </summary>
internal sealed class StartupWarmUp
{
    private readonly TaskCompletionSource<PipelineDefinition?> _pipeline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IServiceProvider> _services = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StartupWarmUp()
    {
    }

    public static StartupWarmUp Begin()
    {
        var warmUp = new StartupWarmUp();
        new Thread(warmUp.Run) { IsBackground = true, Name = "platform start-up warm-up" }.Start();
        return warmUp;
    }

    /// <summary>The loaded pipeline, if this process's engine will run it (null: it did not load, or runs elsewhere): its plan and first decisions are warmed next.</summary>
    public void Loaded(PipelineDefinition? pipeline) => _pipeline.TrySetResult(pipeline);

    /// <summary>
    /// The run's host is built: the saga's state machine and the mediator are built here while the host's start builds
    /// the bus (and, for a new embedded run, while another thread builds the mediator: this thread takes the state machine).
    /// </summary>
    public void Built(IServiceProvider services) => _services.TrySetResult(services);

    private void Run()
    {
        try
        {
            _ = NewId.NextGuid(); // its worker id reads the network interfaces once
            if (_pipeline.Task.Wait(TimeSpan.FromSeconds(5)) && _pipeline.Task.Result is { } pipeline)
            {
                WarmEngine(pipeline);
                StartupTrace.Mark(Console.Error, "warm-up: engine");
            }

            if (_services.Task.Wait(TimeSpan.FromSeconds(5)))
            {
                foreach (var type in (Type[])[typeof(Platform.Coordinator.Saga.RunStateMachine), typeof(MassTransit.Mediator.IMediator)])
                {
                    _ = _services.Task.Result.GetService(type);
                }

                StartupTrace.Mark(Console.Error, "warm-up: services");
            }

            WarmContracts();
            StartupTrace.Mark(Console.Error, "warm-up: contracts");
        }
        catch (Exception)
        {
            // Only a head start: whatever failed here is done again, and reported, where it is needed.
        }
    }

    private static void WarmContracts()
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var empty = new Dictionary<string, string>();
        RoundTrip(new SubmitRun(id, "id: x", "x.yaml", empty, now));
        RoundTrip(new RunStarted(id, "x", now));
        RoundTrip(new RunProgressed(id, [new StepStatusChange("s", "running", 1, now, null)]));
        RoundTrip(new StepStarted(id, "s", 1, now, "e", null));
        RoundTrip(new StepSucceeded(id, "s", 1, now, 0, empty, null));
        RoundTrip(new RunFinished(id, "x", "succeeded", now, now, [new StepReport("s", "succeeded", now, now, 1, 0, empty, null)], []));
        RoundTrip(new CancelRun(id, "x"));
    }

    private static void WarmEngine(PipelineDefinition pipeline)
    {
        var state = EngineState.Create(RunPlan.Compile(pipeline), Guid.NewGuid().ToString());
        var began = new RunBegan(DateTimeOffset.UtcNow, new Dictionary<string, Value>());
        _ = RunEventJson.Serialize(began); // as the SQLite store writes it
        _ = Scheduler.Decide(state, began);
    }

    private static void RoundTrip<T>(T message)
        where T : class
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes<object>(message, SystemTextJsonMessageSerializer.Options);
        using var document = JsonDocument.Parse(bytes);
        _ = document.RootElement.Deserialize<T>(SystemTextJsonMessageSerializer.Options);
    }
}
