using Platform.Pipelines.Engine;
using Platform.Pipelines.History;
using Platform.Pipelines.Simulation;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.History;

/// <summary><c>platform experiment</c>'s verdict over runs whose times are known exactly (simulated).</summary>
public sealed class ExperimentTests
{
    private static RunReport Simulated(int level, double stepSeconds, int steps = 8) =>
        P.Simulate(P.Pipeline(P.Parallel("all", [.. Enumerable.Range(1, steps).Select(i => P.Sleep($"s{i}", stepSeconds))])),
            new SimulationOptions { ConcurrencyCap = level }).Report;

    [Fact]
    public void Independent_steps_speed_up_by_the_level_and_have_no_knee()
    {
        var result = ExperimentResult.Compute([.. new[] { 1, 2, 4, 8 }.Select(l => new ExperimentRun(l, Simulated(l, 1)))]);

        Assert.Equal([8.0, 4, 2, 1], result.Levels.Select(l => l.WallP50));
        Assert.Equal([1.0, 2, 4, 8], result.Levels.Select(l => l.SpeedUp));
        Assert.All(result.Levels, l => Assert.Equal(1.0, l.Efficiency));
        Assert.Null(result.Knee);
    }

    [Fact]
    public void Where_the_next_level_gains_under_ten_percent_is_the_knee()
    {
        // As on two cores: four steps of CPU work take 4 units alone, 2 at level 2, and still 2 at 4 and 8.
        RunReport Cpu(int level) => Simulated(level, level == 1 ? 1 : 2.0 * Math.Min(level, 4) / 4, steps: 4);
        var result = ExperimentResult.Compute([.. new[] { 1, 2, 4, 8 }.Select(l => new ExperimentRun(l, Cpu(l)))]);

        Assert.Equal(2, result.Knee);
        Assert.Equal(0, result.GainAfterKnee!.Value, 9);
        Assert.Equal(0.5, result.Levels.Single(l => l.Level == 4).Efficiency, 9);
    }

    [Fact]
    public void A_step_that_fails_above_the_lowest_level_and_never_at_it_fails_only_in_parallel()
    {
        var ok = Simulated(1, 1, steps: 2);
        var racy = P.Simulate(P.Pipeline(P.Parallel("all", P.Sleep("s1"), P.Sleep("s2"))), P.Failing("s1")).Report;
        var alwaysBroken = P.Simulate(P.Pipeline(P.Parallel("all", P.Sleep("s1"), P.Sleep("s2"))), P.Failing("s2")).Report;

        var result = ExperimentResult.Compute([new(1, ok), new(1, alwaysBroken), new(2, racy), new(4, racy), new(4, alwaysBroken)]);

        var only = Assert.Single(result.ParallelOnly);
        Assert.Equal(("s1", 2), (only.StepId, only.Failures));
        Assert.Equal([2, 4], only.Levels);
        Assert.Equal(0.5, result.Levels.Single(l => l.Level == 1).FailureRate);
    }

    [Fact]
    public void The_wall_time_of_a_level_is_the_median_of_its_runs()
    {
        var result = ExperimentResult.Compute([new(1, Simulated(1, 1)), new(1, Simulated(1, 3)), new(1, Simulated(1, 2)), new(2, Simulated(2, 1))]);

        Assert.Equal(16, result.Levels[0].WallP50); // 8, 24, 16: the median is 16
        Assert.Equal(4, result.Levels[1].SpeedUp);
    }
}
