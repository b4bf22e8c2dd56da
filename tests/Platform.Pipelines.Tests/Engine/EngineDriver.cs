using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>Drives the engine by hand, one event at a time, for tests about event order.</summary>
internal sealed class EngineDriver
{
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    public EngineDriver(PipelineDefinition pipeline)
    {
        State = EngineState.Create(RunPlan.Compile(pipeline), "run-1");
    }

    public EngineState State { get; }

    public List<Decision> All { get; } = [];

    public List<RunEvent> Sent { get; } = [];

    /// <summary>Answers every <see cref="MergeLayers"/> at once with a clean merge, as an Executor whose branches never conflict.</summary>
    public bool AnswerMerges { get; init; } = true;

    public IReadOnlyList<Decision> Send(RunEvent e)
    {
        Sent.Add(e);
        var decisions = Scheduler.Decide(State, e).ToList();
        All.AddRange(decisions);
        if (AnswerMerges)
        {
            foreach (var merge in decisions.OfType<MergeLayers>().ToList())
            {
                decisions.AddRange(Send(new LayersMerged(_now, merge.GroupId, [], Branch: merge.Branch)));
            }
        }

        return decisions;
    }

    public DateTimeOffset Advance(double seconds = 1) => _now = _now.AddSeconds(seconds);

    public IReadOnlyList<Decision> Begin() => Send(new RunBegan(_now, new Dictionary<string, Value>()));

    public IReadOnlyList<Decision> Started(string id, int attempt = 1) => Send(new AttemptStarted(_now, id, attempt));

    public IReadOnlyList<Decision> Succeed(string id, int attempt = 1, IReadOnlyDictionary<string, string>? outputs = null) =>
        Send(new AttemptSucceeded(Advance(), id, attempt, 0, outputs ?? new Dictionary<string, string>()));

    public IReadOnlyList<Decision> Fail(string id, int attempt = 1) => Send(new AttemptFailed(Advance(), id, attempt, 1, "exit 1"));

    public IReadOnlyList<Decision> Cancel() => Send(new CancelRequested(Advance(), "user"));

    public IReadOnlyList<Decision> Fire(TimerKey key) => Send(new TimerFired(Advance(), key));

    public static IEnumerable<string> Starts(IEnumerable<Decision> decisions) => decisions.OfType<StartAttempt>().Select(s => s.StepId);

    public static IEnumerable<string> Cancels(IEnumerable<Decision> decisions) => decisions.OfType<CancelAttempt>().Select(s => s.StepId);
}
