using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.Locks;

/// <summary><c>runs:</c> in the engine: a run asks for its group's place before anything starts and gives it back at its end.</summary>
public class RunGroupEngineTests
{
    private static EngineDriver Driver(OnLimit onLimit = OnLimit.Queue) =>
        new(P.Pipeline([P.Sleep("ship")], [P.Sleep("cleanup")], timeout: 60) with
        {
            Runs = new RunGroup(Template.Parse("deploy-{{ inputs.env }}"), 2, onLimit, null),
        });

    private static IReadOnlyList<Decision> Begin(EngineDriver d) =>
        d.Send(new RunBegan(DateTimeOffset.UnixEpoch, new Dictionary<string, Value> { ["env"] = Value.Of("prod") }));

    [Fact]
    public void A_run_in_a_group_is_queued_until_admitted_and_its_clock_starts_then()
    {
        var driver = Driver(OnLimit.CancelQueued);
        var begun = Begin(driver);
        var ask = Assert.Single(begun.OfType<AcquireLocks>());
        Assert.Equal((RunGroupAdmission.RunNode, "runs/deploy-prod", 2), (ask.NodeId, ask.Locks[0].Name, ask.Locks[0].Limit));
        Assert.Equal(new RunAdmission("deploy-prod", OnLimit.CancelQueued, null), ask.Admission);
        Assert.Empty(begun.OfType<StartAttempt>());
        Assert.Empty(begun.OfType<ScheduleTimer>()); // the run's deadline has not begun
        Assert.Equal(RunStatus.Queued, driver.State.Status);

        var admittedAt = driver.Advance(20);
        var admitted = driver.Send(new LocksGranted(admittedAt, RunGroupAdmission.RunNode));
        Assert.Equal(["ship"], EngineDriver.Starts(admitted));
        Assert.Equal(admittedAt + TimeSpan.FromSeconds(60), Assert.Single(admitted.OfType<ScheduleTimer>()).DueAt);
        Assert.Equal(admittedAt, driver.State.StartedAt);

        driver.Started("ship");
        driver.Succeed("ship");
        driver.Started("cleanup");
        var end = driver.Succeed("cleanup");
        Assert.Equal(RunGroupAdmission.RunNode, Assert.Single(end.OfType<ReleaseLocks>()).NodeId);
        Assert.IsType<FinishRun>(end[^1]);
    }

    [Fact]
    public void A_refused_run_fails_without_running_anything_and_says_why()
    {
        var driver = Driver(OnLimit.Fail);
        Begin(driver);
        var refused = driver.Send(new LocksRefused(driver.Advance(), RunGroupAdmission.RunNode, "refused: group full (onLimit: fail)"));
        Assert.Empty(EngineDriver.Starts(refused));
        Assert.Equal(new FinishRun(RunStatus.Failed), refused[^1]);
        Assert.All(driver.State.Report().Steps, s => Assert.Equal(StepStatus.Skipped, s.Status));
        Assert.Contains("onLimit: fail", driver.State.Report().Steps[0].Reason);
    }

    [Fact]
    public void A_queued_run_cancelled_gives_up_its_place_and_runs_nothing()
    {
        var driver = Driver();
        Begin(driver);
        var cancelled = driver.Cancel();
        Assert.Equal(RunGroupAdmission.RunNode, Assert.Single(cancelled.OfType<ReleaseLocks>()).NodeId);
        Assert.Equal(new FinishRun(RunStatus.Cancelled), cancelled[^1]);
        Assert.Empty(EngineDriver.Starts(cancelled));
    }

    [Fact]
    public void Runs_is_read_with_its_policy_and_a_bad_one_is_one_error_with_its_place()
    {
        var loaded = PipelineLoader.Load("id: x\ninputs:\n  env: { default: a }\nruns: { key: \"d-{{ inputs.env }}\", limit: 2, onLimit: cancel-running }\nsteps:\n  - run: echo\n", "p.yaml");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Assert.Equal((2, OnLimit.CancelRunning), (loaded.Pipeline!.Runs!.Limit, loaded.Pipeline.Runs.OnLimit));

        var bad = PipelineLoader.Load("id: x\nruns: { key: k, onLimit: cancel }\nsteps:\n  - run: echo\n", "p.yaml").Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(bad, e => e.StartsWith("p.yaml:2:26: error: invalid onLimit 'cancel'", StringComparison.Ordinal));
        var stepRef = PipelineLoader.Load("id: x\nruns: { key: \"{{ steps.a.outputs.x }}\" }\nsteps:\n  - { id: a, run: echo }\n", "p.yaml").Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(stepRef, e => e.Contains("'runs.key' may use only the pipeline's inputs", StringComparison.Ordinal));
    }
}
