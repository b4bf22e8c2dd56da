using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;
using Platform.Tests.Shared;

namespace Platform.Coordinator.Tests;

/// <summary>
/// The embedded default hands each ExecuteStep to its Executor in process and each result back to the
/// run saga through the mediator: every attempt still runs exactly once, nothing crosses the bus, every
/// result reaches the run's one saga instance, and an attempt cancelled while it waits for a slot never runs.
/// </summary>
public sealed class InProcessHandOffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("handoff-").FullName;

    [Fact]
    public async Task Every_attempt_handed_over_in_process_runs_exactly_once_and_none_crosses_the_bus()
    {
        await using var h = await RunHarness.StartAsync(slots: 4, inProcess: true);
        var ran = Path.Combine(_dir, "ran");
        var children = string.Concat(Enumerable.Range(0, 30).Select(i => $"      - {{ id: c{i:00}, run: 'echo c{i:00} >> {ran}' }}\n"));
        var run = await h.RunAsync($"id: handed\nsteps:\n  - {{ id: first, run: 'echo first >> {ran}' }}\n  - parallel:\n      steps:\n{children}  - {{ id: last, run: 'echo last >> {ran}' }}\n");

        Assert.Equal("succeeded", run.Status);
        var lines = File.ReadAllLines(ran);
        Assert.Equal(32, lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.Equal("first", lines[0]);
        Assert.Equal("last", lines[^1]);
        Assert.True(run.PeakOverlap(Enumerable.Range(0, 30).Select(i => $"c{i:00}")) <= 4);
        // Neither the commands nor the results crossed the bus ...
        Assert.Empty(h.PublishedSoFar().OfType<ExecuteStep>());
        Assert.DoesNotContain(h.PublishedSoFar(), m => m is StepSucceeded or StepFailed or StepCancelled or AttemptsReported);
        // ... and every result reached the run's one saga instance: none had to adopt the run from the store.
        var events = await h.Services.GetRequiredService<IRunStore>().ReadEventsAsync(run.RunId);
        Assert.DoesNotContain(events, e => e is RunResumed);
        Assert.Equal(32, events.OfType<AttemptSucceeded>().Count());
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task An_attempt_cancelled_while_it_waits_for_a_slot_never_runs(bool inProcess)
    {
        // One slot: the holder takes it, the waiter is dispatched and waits for it; the run is cancelled meanwhile.
        await using var h = await RunHarness.StartAsync(slots: 1, inProcess: inProcess);
        var marker = Path.Combine(_dir, "waiter-ran");
        var id = await h.SubmitAsync($"id: waiting\nsteps:\n  - parallel:\n    - {{ id: holder, run: 'sleep 30' }}\n    - {{ id: waiter, run: 'touch {marker}' }}\n");
        Assert.True(await h.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == id && m.Context.Message.StepId == "holder"));
        await h.Harness.Bus.Publish(new CancelRun(id, "user"));
        var run = await h.FinishedAsync(id);

        Assert.Equal("cancelled", run.Status);
        Assert.Equal("cancelled", run.Status("holder"));
        Assert.Equal("cancelled", run.Status("waiter"));
        // The Executor says so once the holder's slot is free, and the waiter's command never ran.
        await TestProcesses.WaitFor(() => h.Published<StepCancelled>(id, m => m.RunId).Any(c => c.StepId == "waiter" && c.Reason.Contains("before start")),
            TimeSpan.FromSeconds(10));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Everything_the_saga_publishes_is_relayed_to_the_bus_and_nothing_it_consumes_loops_back()
    {
        var relayed = Platform.Coordinator.Saga.InProcessResults.Relayed;
        Assert.Subset(relayed.ToHashSet(), new HashSet<Type>
        {
            typeof(RunRejected), typeof(RunStarted), typeof(ApprovalAnswered), typeof(ExecuteStep), typeof(CancelStep),
            typeof(MergeWorkspaceLayers), typeof(RunProgressed), typeof(RunReportPage), typeof(RunFinished),
        });
        Assert.DoesNotContain(typeof(StepSucceeded), relayed);
        Assert.DoesNotContain(typeof(AttemptsReported), relayed);
        Assert.DoesNotContain(typeof(CancelRun), relayed);
        Assert.DoesNotContain(typeof(SubmitRun), relayed);
    }

    [Fact]
    public async Task A_run_message_published_in_process_that_nothing_relays_or_consumes_fails_loudly()
    {
        await using var h = await RunHarness.StartAsync(inProcess: true);
        var mediator = h.Services.GetRequiredService<MassTransit.Mediator.IMediator>();

        // Only the saga's own publications are relayed to the bus; a log batch published here would vanish.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => mediator.Publish(new StepLogs(Guid.NewGuid(), "s", 1, 0, DateTimeOffset.UtcNow, "line\n")));
        Assert.Contains("BusRelay", error.Message, StringComparison.Ordinal);

        // What the saga does publish goes on to the bus.
        var id = Guid.NewGuid();
        await mediator.Publish(new RunStarted(id, "relayed", DateTimeOffset.UtcNow));
        Assert.True(await h.PublishedSoonAsync<RunStarted>(m => m.RunId == id));
    }

    [Fact]
    public async Task Before_the_bus_has_started_a_run_submitted_in_process_runs_to_its_end_and_its_events_follow_in_order()
    {
        await using var h = await RunHarness.StartAsync(inProcess: true);
        var busStart = h.Services.GetRequiredService<Platform.ServiceDefaults.InProcess.BusStart>();
        var mediator = h.Services.GetRequiredService<MassTransit.Mediator.IMediator>();
        var store = h.Services.GetRequiredService<IRunStore>();
        var ran = Path.Combine(_dir, "ran");
        var id = Guid.NewGuid();

        // As the embedded CLI does: held until the bus starts, the submission through the mediator.
        busStart.Hold();
        await mediator.Publish(new SubmitRun(id, $"id: early\nsteps:\n  - {{ id: a, run: 'echo a >> {ran}' }}\n  - {{ id: b, run: 'echo b >> {ran}' }}\n  - {{ id: c, run: 'echo c >> {ran}' }}\n",
            "early.yaml", new Dictionary<string, string>(), DateTimeOffset.UtcNow)).WaitAsync(TimeSpan.FromSeconds(10));

        // The run is not held by what it relays: all three steps run, and the run ends, with nothing on the bus yet.
        await TestProcesses.WaitFor(() => store.GetRunAsync(id).GetAwaiter().GetResult()?.IsFinished == true, TimeSpan.FromSeconds(20));
        Assert.Equal(["a", "b", "c"], File.ReadAllLines(ran));
        Assert.DoesNotContain(h.PublishedSoFar(), m => m is RunStarted s && s.RunId == id);

        busStart.Open();
        var finished = await h.FinishedAsync(id);
        Assert.Equal("succeeded", finished.Status);
        var told = h.PublishedSoFar().Where(m => m is RunStarted s && s.RunId == id || m is RunFinished f && f.RunId == id).ToList();
        Assert.IsType<RunStarted>(told[0]);
        Assert.IsType<RunFinished>(told[^1]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A step's file still open: the temp folder is left.
        }
    }
}
