using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.Locks;

/// <summary>The engine asks for locks before a node starts, and gives them back however the node ends.</summary>
public class LockEngineTests
{
    private static LockSpec L(string name, int limit = 1) => new(Template.Parse(name), limit);

    private static T Locked<T>(T node, params LockSpec[] locks)
        where T : Node => node with { Locks = locks };

    [Fact]
    public void A_locked_step_starts_only_when_its_lock_is_granted_and_its_wait_is_not_run_time()
    {
        var driver = new EngineDriver(P.Pipeline(Locked(P.Sleep("deploy"), L("staging"))));
        var first = driver.Begin();
        Assert.Empty(EngineDriver.Starts(first));
        var ask = Assert.Single(first.OfType<AcquireLocks>());
        Assert.Equal("deploy", ask.NodeId);
        Assert.Equal([new LockClaim("staging", 1)], ask.Locks);
        Assert.Equal(StepStatus.Queued, driver.State.StatusOf("deploy"));
        Assert.Contains("waiting for lock staging", driver.State.Report().Steps.Single(s => s.Id == "deploy").Reason);

        var grantedAt = driver.Advance(30);
        var granted = driver.Send(new LocksGranted(grantedAt, "deploy"));
        Assert.Equal(["deploy"], EngineDriver.Starts(granted));
        Assert.Equal(grantedAt, driver.State.Report().Steps.Single(s => s.Id == "deploy").StartedAt);

        driver.Started("deploy");
        var end = driver.Succeed("deploy");
        Assert.Equal("deploy", Assert.Single(end.OfType<ReleaseLocks>()).NodeId);
        Assert.IsType<FinishRun>(end[^1]);
    }

    [Theory]
    [InlineData("fails")]
    [InlineData("times out")]
    [InlineData("is cancelled by the user")]
    [InlineData("is cut off by the run timeout")]
    public void A_held_lock_is_released_at_once_when_its_step(string how)
    {
        var driver = new EngineDriver(P.Pipeline([Locked(P.Sleep("deploy", timeout: 5), L("staging"))], [], timeout: 100));
        driver.Begin();
        driver.Send(new LocksGranted(driver.Advance(), "deploy"));
        driver.Started("deploy");
        var decisions = how switch
        {
            "fails" => driver.Fail("deploy"),
            "times out" => driver.Send(new AttemptTimedOut(driver.Advance(), "deploy", 1)),
            "is cancelled by the user" => driver.Cancel(),
            _ => driver.Fire(new TimerKey(TimerKind.RunTimeout, "(run)", 0)),
        };
        Assert.Equal("deploy", Assert.Single(decisions.OfType<ReleaseLocks>()).NodeId);
        Assert.IsType<FinishRun>(decisions[^1]);
    }

    [Fact]
    public void A_run_cancelled_while_a_step_waits_gives_its_place_in_the_queue_back()
    {
        var driver = new EngineDriver(P.Pipeline(Locked(P.Sleep("deploy"), L("staging"))));
        driver.Begin();
        var cancelled = driver.Cancel();
        Assert.Equal("deploy", Assert.Single(cancelled.OfType<ReleaseLocks>()).NodeId);
        Assert.Empty(EngineDriver.Starts(cancelled));
        Assert.Equal(StepStatus.Skipped, driver.State.StatusOf("deploy"));

        // A grant that crossed the cancel is handed straight back; nothing starts.
        var late = driver.Send(new LocksGranted(driver.Advance(), "deploy"));
        Assert.Empty(late);
    }

    [Fact]
    public void Fail_fast_releases_the_lock_of_a_sibling_it_stops()
    {
        var driver = new EngineDriver(P.Pipeline(P.Parallel("p", Locked(P.Sleep("deploy"), L("staging")), P.Sleep("test"))));
        driver.Begin();
        driver.Send(new LocksGranted(driver.Advance(), "deploy"));
        driver.Started("deploy");
        driver.Started("test");
        var failed = driver.Fail("test");
        Assert.Equal(["deploy"], EngineDriver.Cancels(failed));
        Assert.Equal("deploy", Assert.Single(failed.OfType<ReleaseLocks>()).NodeId);
    }

    [Fact]
    public void A_waiting_step_holds_no_run_slot()
    {
        var pipeline = P.Pipeline([P.Parallel("p", Locked(P.Sleep("deploy"), L("staging")), P.Sleep("test"))], [], concurrency: 1);
        var driver = new EngineDriver(pipeline);
        Assert.Equal(["test"], EngineDriver.Starts(driver.Begin()));
    }

    [Fact]
    public void A_group_holds_its_lock_until_its_last_child_ends()
    {
        var group = Locked(P.Sequence("stage", P.Sleep("a"), P.Sleep("b")), L("prod"));
        var driver = new EngineDriver(P.Pipeline(group));
        var begun = driver.Begin();
        Assert.Equal("stage", Assert.Single(begun.OfType<AcquireLocks>()).NodeId);
        Assert.Empty(EngineDriver.Starts(begun));
        Assert.Equal(["a"], EngineDriver.Starts(driver.Send(new LocksGranted(driver.Advance(), "stage"))));
        driver.Started("a");
        Assert.Empty(driver.Succeed("a").OfType<ReleaseLocks>());
        driver.Started("b");
        Assert.Equal("stage", Assert.Single(driver.Succeed("b").OfType<ReleaseLocks>()).NodeId);
    }

    [Fact]
    public void A_fire_and_forget_group_keeps_its_lock_while_its_detached_children_run()
    {
        var group = Locked(P.Parallel("bg", P.Sleep("x")) with { Wait = WaitPolicy.None }, L("prod"));
        var driver = new EngineDriver(P.Pipeline(group, P.Sleep("after")));
        driver.Begin();
        var granted = driver.Send(new LocksGranted(driver.Advance(), "bg"));
        Assert.Equal(["x", "after"], EngineDriver.Starts(granted));
        Assert.Empty(granted.OfType<ReleaseLocks>());
        driver.Started("x");
        driver.Started("after");
        Assert.Empty(driver.Succeed("after").OfType<ReleaseLocks>());
        Assert.Equal("bg", Assert.Single(driver.Succeed("x").OfType<ReleaseLocks>()).NodeId);
    }

    [Fact]
    public void Several_locks_are_asked_for_at_once_in_name_order_with_templates_rendered()
    {
        var chain = Locked(P.Sleep("deploy"), L("zone-{{ item }}"), L("db", 2));
        var driver = new EngineDriver(P.Pipeline(P.ForEach("each", ["eu"], chain)));
        var ask = Assert.Single(driver.Begin().OfType<AcquireLocks>());
        Assert.Equal("deploy[0]", ask.NodeId);
        Assert.Equal([new LockClaim("db", 2), new LockClaim("zone-eu", 1)], ask.Locks);
    }

    [Fact]
    public void A_lock_name_that_renders_invalid_fails_the_step_without_running_it()
    {
        var chain = Locked(P.Sleep("deploy"), L("zone {{ item }}"));
        var driver = new EngineDriver(P.Pipeline(P.ForEach("each", ["a b"], chain)));
        var decisions = driver.Begin();
        Assert.Empty(decisions.OfType<AcquireLocks>());
        Assert.Equal(StepStatus.Failed, driver.State.StatusOf("deploy[0]"));
        Assert.Contains("lock name", driver.State.Report().Steps.Single(s => s.Id == "deploy[0]").Reason);
    }

    [Fact]
    public void After_a_restart_the_engine_asks_again_for_what_it_waits_for_and_holds()
    {
        var driver = new EngineDriver(P.Pipeline(P.Parallel("p", Locked(P.Sleep("a"), L("x")), Locked(P.Sleep("b"), L("y")))));
        driver.Begin();
        driver.Send(new LocksGranted(driver.Advance(), "a"));
        driver.Started("a");

        var replayed = EngineState.Create(driver.State.Plan, "run-1");
        foreach (var e in driver.Sent)
        {
            Scheduler.Decide(replayed, e);
        }

        var asks = Scheduler.Decide(replayed, new RunResumed(driver.Advance(), false, null)).OfType<AcquireLocks>().ToList();
        Assert.Equal([("a", true), ("b", false)], asks.Select(a => (a.NodeId, a.Held)).OrderBy(a => a.NodeId));
    }

    [Fact]
    public void A_step_whose_lock_was_lost_is_stopped_not_run_unguarded()
    {
        var driver = new EngineDriver(P.Pipeline(Locked(P.Sleep("deploy"), L("staging"))));
        driver.Begin();
        driver.Send(new LocksGranted(driver.Advance(), "deploy"));
        driver.Started("deploy");
        var lost = driver.Send(new LocksLost(driver.Advance(), "deploy", "its lease expired"));
        Assert.Equal(["deploy"], EngineDriver.Cancels(lost));
        Assert.Equal(StepStatus.Cancelled, driver.State.StatusOf("deploy"));
    }

    [Fact]
    public void The_simulator_serialises_parallel_steps_that_share_a_lock()
    {
        var pipeline = P.Pipeline(P.Parallel("p",
            Locked(P.Sleep("a", 10), L("env")),
            Locked(P.Sleep("b", 10), L("env")),
            P.Sleep("c", 10)));
        var result = P.Simulate(pipeline);
        Assert.Equal(20, result.WallSeconds);
        Assert.True(result.End("a") <= result.Start("b") || result.End("b") <= result.Start("a"));
        Assert.Equal(0, result.Start("c"));
    }
}
