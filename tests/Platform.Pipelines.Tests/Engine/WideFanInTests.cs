using Platform.Pipelines.Engine;
using Platform.Pipelines.Model;
using static Platform.Pipelines.Tests.Engine.P;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>
/// A 10,000-wide fan-in driven event by event, results arriving in a shuffled order, started events
/// late or never, and every result twice: each child is counted once and the next step starts once,
/// on the last child's result.
/// </summary>
public class WideFanInTests
{
    private const int Width = 10_000;

    [Fact]
    public void A_ten_thousand_wide_fan_in_counts_every_child_once_and_starts_the_next_step_once_after_all()
    {
        var children = Enumerable.Range(0, Width).Select(i => (Node)Sleep($"c{i}")).ToArray();
        var d = new EngineDriver(Pipeline(Parallel("wide", children), Sleep("after")));

        var started = EngineDriver.Starts(d.Begin()).ToList();
        Assert.Equal(Width, started.Count);
        Assert.Equal(Width, started.Distinct().Count());

        var order = Enumerable.Range(0, Width).ToArray();
        new Random(19).Shuffle(order);
        var afterStarts = 0;
        for (var n = 0; n < Width; n++)
        {
            var id = $"c{order[n]}";
            if (n % 3 != 0)
            {
                d.Started(id); // a result may come before its started event, or without one
            }

            var decisions = d.Succeed(id);
            var again = d.Succeed(id); // a duplicate result changes nothing
            Assert.Empty(again);
            var starts = EngineDriver.Starts(decisions).ToList();
            afterStarts += starts.Count(s => s == "after");
            if (n < Width - 1)
            {
                Assert.DoesNotContain("after", starts);
                Assert.Equal(StepStatus.Running, d.State.StatusOf("wide"));
            }
        }

        Assert.Equal(1, afterStarts);
        Assert.Equal(StepStatus.Succeeded, d.State.StatusOf("wide"));
        Assert.Single(EngineDriver.Starts(d.All), s => s == "after");
        Assert.Equal(Width, d.All.OfType<StepStatusChanged>().Count(c => c.Status == StepStatus.Succeeded && c.StepId.StartsWith('c')));

        d.Started("after");
        Assert.Contains(d.Succeed("after"), x => x is FinishRun { Status: RunStatus.Succeeded });
        var report = d.State.Report();
        Assert.Equal(Width + 1, report.Steps.Count(s => s.Status == StepStatus.Succeeded && s.Attempts == 1));
    }
}
