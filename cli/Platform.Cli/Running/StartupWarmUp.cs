using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using MassTransit;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Cli.Running;

/// <summary>
/// A fresh <c>run</c> spends its first few hundred milliseconds loading the pipeline, then building its
/// host, MassTransit's mediator and bus. Meanwhile, on a thread of its own, this does once what the run
/// needs a little later, so that it is compiled and its types loaded when the run gets there, in the order
/// the run needs it: from the top of <c>Main</c>, while the command line is still being parsed, the
/// process-wide static state the main thread meets next (<see cref="WarmStatics"/>); once the pipeline is
/// loaded (and runs in this process), a throwaway saga state machine (<see cref="WarmStateMachine"/>), the id
/// generator and the engine's first decisions for this very pipeline on a throwaway state (the engine is a
/// pure function: nothing is stored, sent or started); once the host is built, the real state machine and
/// the mediator (a new embedded run builds the mediator at once on another thread, which then finds them
/// built or being built here). It does not warm MassTransit's JSON contracts any more: since a new run starts
/// before its bus, that work (~130 ms of thread time) only took the two cores from the run's first steps.
/// Over a broker no saga or mediator is registered and nothing is resolved. Nothing here is kept or needed
/// for correctness: whatever the run reaches first, it does itself, and a failure here is ignored. Measured
/// in bench/results/perf-profile.md ("Start-up a third time", "The first step before the bus", "The floor
/// under start-up").
/// </summary>
internal sealed class StartupWarmUp
{
    private static StartupWarmUp? _early;

    private readonly TaskCompletionSource<PipelineDefinition?> _pipeline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IServiceProvider> _services = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StartupWarmUp()
    {
    }

    /// <summary>
    /// First thing in <c>Main</c>: a <c>run</c> starts warming before its arguments are even parsed (<see cref="Begin"/>
    /// then takes this one), and a <c>validate</c> or <c>simulate</c> warms the pipeline parser the same way.
    /// </summary>
    public static void BeginBeforeParsing(string[] args)
    {
        if (args is ["run", ..])
        {
            _early = Start();
        }
        else if (args is ["validate" or "simulate", ..])
        {
            StartThread(WarmParser);
        }
    }

    /// <summary>The warm-up begun before parsing, or a new one.</summary>
    public static StartupWarmUp Begin() => Interlocked.Exchange(ref _early, null) ?? Start();

    private static StartupWarmUp Start()
    {
        var warmUp = new StartupWarmUp();
        StartThread(warmUp.Run);
        return warmUp;
    }

    private static void StartThread(ThreadStart work) => new Thread(work) { IsBackground = true, Name = "platform start-up warm-up" }.Start();

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
            WarmStatics();
            StartupTrace.Mark(Console.Error, "warm-up: statics");
            if (_pipeline.Task.Wait(TimeSpan.FromSeconds(5)) && _pipeline.Task.Result is { } pipeline)
            {
                WarmStateMachine(); // first: the host is being built meanwhile, and the real one follows it
                StartupTrace.Mark(Console.Error, "warm-up: state machine");
                _ = NewId.NextGuid(); // its worker id reads the network interfaces once
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
        }
        catch (Exception)
        {
            // Only a head start: whatever failed here is done again, and reported, where it is needed.
        }
    }

    /// <summary>
    /// Static state built once per process on first use, which the main thread would otherwise build on the run's
    /// path, in the order it gets there: YamlDotNet's parser (its first document compiles a regular expression in a
    /// static constructor, about 15 ms, before the pipeline's first line is read), MassTransit's global topology
    /// (about 20 ms of building the host) and the OpenSSL interop that the command signing key's random bytes load
    /// (about 9 ms). Measured in bench/results/perf-profile.md ("The floor under start-up").
    /// </summary>
    private static void WarmStatics()
    {
        WarmParser();
        _ = GlobalTopology.Send;
        _ = RandomNumberGenerator.GetBytes(1);
    }

    private static void WarmParser()
    {
        try
        {
            _ = PipelineLoader.Load("id: warm-up\nsteps:\n  - { id: s, sleep: 0ms }\n", "platform-warm-up.yaml");
        }
        catch (Exception)
        {
            // Only a head start, as above.
        }
    }

    /// <summary>
    /// The run saga's state machine is the longest part of the mediator's build (MassTransit reflects over its events,
    /// states and activities) and can only be built for real once the host exists. A throwaway one, over a driver and
    /// locks whose constructors never ran (the machine only keeps delegates to them, never calls them here), does that
    /// reflection while the host is still being built; it is dropped at once.
    /// </summary>
    private static void WarmStateMachine() =>
        _ = new Platform.Coordinator.Saga.RunStateMachine(
            (Platform.Coordinator.Running.RunDriver)RuntimeHelpers.GetUninitializedObject(typeof(Platform.Coordinator.Running.RunDriver)),
            (Platform.Coordinator.Locks.RunLocks)RuntimeHelpers.GetUninitializedObject(typeof(Platform.Coordinator.Locks.RunLocks)));

    private static void WarmEngine(PipelineDefinition pipeline)
    {
        var state = EngineState.Create(RunPlan.Compile(pipeline), Guid.NewGuid().ToString());
        var began = new RunBegan(DateTimeOffset.UtcNow, new Dictionary<string, Value>());
        _ = RunEventJson.Serialize(began); // as the SQLite store writes it
        _ = Scheduler.Decide(state, began);
    }
}
