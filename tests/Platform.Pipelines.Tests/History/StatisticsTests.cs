using Platform.Pipelines.Engine;
using Platform.Pipelines.History;
using Platform.Pipelines.Model;
using Platform.Pipelines.Simulation;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.History;

/// <summary><c>platform stats</c>'s figures over twenty runs, each checked against a computation straight from the reports.</summary>
public sealed class StatisticsTests
{
    private static readonly PipelineDefinition Pipeline = P.Pipeline(
        P.Parallel("build", P.Sleep("a"), P.Sleep("b")),
        P.Sleep("c", retry: new RetryPolicy(2, TimeSpan.Zero, 1, null)));

    /// <summary>Run i: a takes 0.55 + i/10 s (never as long as b), b 1 s, c 0.3 s; c's first attempt fails in runs 5, 10, 15 and 20.</summary>
    private static ObservedRun Run(int i, double scale = 1) => Observed(P.Simulate(Pipeline, new SimulationOptions
    {
        Durations = new Dictionary<string, TimeSpan> { ["a"] = P.S((0.55 + (i / 10.0)) * scale), ["b"] = P.S(1), ["c"] = P.S(0.3) },
        Failing = i % 5 == 0 ? new HashSet<string> { "c" } : new HashSet<string>(),
        FailAttempts = new Dictionary<string, int> { ["c"] = 1 },
        RunId = $"run-{i}",
    }), fingerprint: $"inputs-{i}");

    /// <summary>A simulated run as a stored one reads: the simulator records what each step waited for as the replay does.</summary>
    private static ObservedRun Observed(SimulationResult run, string fingerprint) =>
        new(run.Report, fingerprint, new Dictionary<string, IReadOnlyList<TimeSpan>>(), run.CriticalPath);

    private static double Seconds(StepRecord s) => (s.FinishedAt!.Value - s.StartedAt!.Value).TotalSeconds;

    [Fact]
    public void Twenty_runs_give_the_percentiles_rates_and_critical_path_counted_by_hand()
    {
        var runs = Enumerable.Range(1, 20).Reverse().Select(i => Run(i)).ToList();
        var stats = PipelineStatistics.Compute("test", runs, []);

        var a = stats.Steps.Single(s => s.Id == "a");
        var sorted = runs.Select(r => Seconds(r.Report.Steps.Single(s => s.Id == "a"))).Order().ToList();
        Assert.Equal(20, a.Runs);
        Assert.Equal(sorted[9], a.DurationP50!.Value, 9);   // nearest rank: ⌈0.50·20⌉ = 10th
        Assert.Equal(sorted[18], a.DurationP95!.Value, 9);  // ⌈0.95·20⌉ = 19th
        Assert.Equal(sorted[19], a.DurationMax!.Value, 9);

        // On the critical path: whichever of a and b finished later, then c every time.
        var aLater = runs.Count(r => r.Report.Steps.Single(s => s.Id == "a").FinishedAt > r.Report.Steps.Single(s => s.Id == "b").FinishedAt);
        Assert.Equal(aLater, a.OnCriticalPath);
        Assert.Equal(20 - aLater, stats.Steps.Single(s => s.Id == "b").OnCriticalPath);
        Assert.Equal(20, stats.Steps.Single(s => s.Id == "c").OnCriticalPath);

        var walls = runs.Select(r => (r.Report.FinishedAt!.Value - r.Report.StartedAt!.Value).TotalSeconds).Order().ToList();
        Assert.Equal(walls[9], stats.WallP50!.Value, 9);
        Assert.Equal(20, stats.Succeeded);
        Assert.Null(a.DurationChange); // no earlier runs to compare with
    }

    [Fact]
    public void A_step_that_succeeded_only_on_a_retry_is_flaky_and_one_that_never_failed_is_not()
    {
        var stats = PipelineStatistics.Compute("test", Enumerable.Range(1, 20).Select(i => Run(i)).ToList(), []);

        var c = stats.Steps.Single(s => s.Id == "c");
        Assert.Equal("succeeded only on a retry in 4 of 20 runs", c.Flaky);
        Assert.Equal(20, c.Succeeded);
        Assert.Null(stats.Steps.Single(s => s.Id == "a").Flaky);
        Assert.Null(stats.Steps.Single(s => s.Id == "build").Flaky); // groups are not judged: their steps are
    }

    [Fact]
    public void Both_outcomes_with_the_same_pipeline_and_inputs_is_flaky_but_with_different_inputs_it_is_not()
    {
        var ok = P.Simulate(Pipeline);
        var failed = P.Simulate(Pipeline, P.Failing("c"));

        var same = PipelineStatistics.Compute("test", [Observed(ok, "x"), Observed(failed, "x")], []);
        var different = PipelineStatistics.Compute("test", [Observed(ok, "x"), Observed(failed, "y")], []);

        Assert.Equal("both succeeded and failed with the same pipeline and inputs (2 runs)", same.Steps.Single(s => s.Id == "c").Flaky);
        Assert.Null(different.Steps.Single(s => s.Id == "c").Flaky);
        Assert.Equal(0.5, same.Steps.Single(s => s.Id == "c").FailureRate);
    }

    [Fact]
    public void The_change_compares_the_median_with_the_runs_before()
    {
        var now = Enumerable.Range(1, 20).Select(i => Run(i)).ToList();
        var before = Enumerable.Range(1, 20).Select(i => Run(i, scale: 0.5)).ToList();

        var a = PipelineStatistics.Compute("test", now, before).Steps.Single(s => s.Id == "a");
        var p50Before = before.Select(r => Seconds(r.Report.Steps.Single(s => s.Id == "a"))).Order().ToList()[9];

        Assert.Equal((a.DurationP50!.Value - p50Before) / p50Before, a.DurationChange!.Value, 9);
        Assert.True(a.DurationChange > 0.9); // twice as slow as before
    }

    [Fact]
    public void A_skipped_step_is_counted_apart_from_the_runs_it_ran_in()
    {
        var failed = P.Simulate(P.Pipeline(P.Sleep("first"), P.Sleep("second")), P.Failing("first"));
        var stats = PipelineStatistics.Compute("test", [Observed(failed, "x")], []);

        var second = stats.Steps.Single(s => s.Id == "second");
        Assert.Equal((0, 1), (second.Runs, second.Skipped));
        Assert.Null(second.DurationP50);
        Assert.Equal(1, stats.Steps.Single(s => s.Id == "first").Failed);
    }
}
