using System.Text.Json;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Xunit;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>
/// Stores keep run events as JSON and replay them to rebuild a run: the compile-time serialiser writes exactly
/// what the reflection one wrote before it (runs stored then read the same), and every event reads back equal.
/// </summary>
public sealed class RunEventJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 1, 2, 3, 456, 789, TimeSpan.Zero);

    /// <summary>One event of every kind, with every optional field given.</summary>
    public static TheoryData<RunEvent> Events() =>
    [
        new RunBegan(At, new Dictionary<string, Value>
        {
            ["text"] = Value.Of("a \"quoted\" value"), ["flag"] = Value.True, ["n"] = Value.Of(1.5), ["none"] = Value.Null,
            ["list"] = Value.Of([Value.Of("x"), Value.Of(2)]),
        }, MaxSteps: 5_000, ConcurrencyCap: 3, Name: "nightly", RerunOf: "0f8fad5b-d9cb-469f-a165-70867728950e",
            Reused: new Dictionary<string, ReusedOutcome> { ["build"] = new(new Dictionary<string, string> { ["sha"] = "abc" }, 0) }),
        new AttemptStarted(At, "build", 1),
        new AttemptSucceeded(At, "build", 2, 0, new Dictionary<string, string> { ["out"] = "1" }, new ResourceUse(0.25, 1_048_576, 10, 20),
            [new ArtifactRecord("dist/app.tar", "sha256:00ff", 123, "build", 2)], LayerUnchanged: true),
        new AttemptFailed(At, "test", 1, 2, "exit code 2", new ResourceUse(1, null, 0, 0)),
        new AttemptTimedOut(At, "test", 3, new ResourceUse(2, 3, 4, 5)),
        new AttemptCancelled(At, "deploy", 1),
        new CancelRequested(At, "SIGINT received"),
        new TimerFired(At, new TimerKey(TimerKind.GroupTimeout, "checks", 0)),
        new RunResumed(At, ExecutorsLost: false, StartGrace: TimeSpan.FromSeconds(30)),
        new AttemptLost(At, "build", 1, "its executor died"),
        new ApprovalDecided(At, "release", true, "ana", "ship it"),
        new LocksGranted(At, "deploy"),
        new LocksLost(At, "deploy", "the store lost the lease"),
        new LocksRefused(At, "deploy", "held by run 7"),
        new LayersMerged(At, "matrix", [new LayerConflict("out/a.txt", "linux", "mac")], Error: "conflict", Branch: "linux"),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Writes_what_the_reflection_serialiser_wrote_and_reads_it_back(RunEvent e)
    {
        var reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var before = JsonSerializer.Serialize(e, reflection);

        Assert.Equal(before, RunEventJson.Serialize(e));
        var read = RunEventJson.Deserialize(before);
        Assert.Equal(JsonSerializer.Serialize(read, reflection), before);
        Assert.Equal(e.GetType(), read.GetType());
    }

    [Fact]
    public void Every_kind_of_event_is_covered()
    {
        var kinds = typeof(RunEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(RunEvent)) && !t.IsAbstract).ToHashSet();
        Assert.Equal(kinds, Events().Select(row => ((RunEvent)row.Data).GetType()).ToHashSet());
    }
}
