using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

public class TmpMemoryProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var pipeline = Pipeline(ForEach("each", Enumerable.Range(0, 100_000).Select(i => i.ToString()), Sleep("s", 0.001)));
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var before = GC.GetTotalMemory(true);
        var state = EngineState.Create(RunPlan.Compile(pipeline), "r");
        var decisions = Scheduler.Decide(state, new RunBegan(DateTimeOffset.UnixEpoch, new Dictionary<string, Value>()));
        var afterBegin = GC.GetTotalMemory(true);
        output.WriteLine($"state after begin: {(afterBegin - before) / 1e6:0.0} MB, decisions {decisions.Count}");
        GC.KeepAlive(decisions);
        decisions = null;
        var t = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 100_000; i++)
        {
            Scheduler.Decide(state, new AttemptSucceeded(t, $"s[{i}]", 1, 0, new Dictionary<string, string>()));
        }
        var afterAll = GC.GetTotalMemory(true);
        output.WriteLine($"state finished: {(afterAll - before) / 1e6:0.0} MB, status {state.Status}");
        var report = state.Report();
        output.WriteLine($"report: {(GC.GetTotalMemory(true) - afterAll) / 1e6:0.0} MB");
        GC.KeepAlive(report); GC.KeepAlive(state);
    }
}
