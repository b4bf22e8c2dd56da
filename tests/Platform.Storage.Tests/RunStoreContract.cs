using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;

namespace Platform.Storage.Tests;

/// <summary>What every run store must do; each store's test class runs these against the real thing.</summary>
public abstract partial class RunStoreContract
{
    /// <summary>The store under test, or null with <see cref="SkipReason"/> when it cannot run here.</summary>
    protected abstract IRunStore? Store { get; }

    protected virtual string? SkipReason => null;

    private IRunStore Subject
    {
        get
        {
            Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
            return Store!;
        }
    }

    private static StoredRun Run(string pipeline = "release", DateTimeOffset? at = null, RunStatus status = RunStatus.Running) => new(
        Guid.NewGuid(), "nightly", pipeline, "release.yaml", "id: release\nsteps: []\n",
        new Dictionary<string, string> { ["env"] = "prod" }, status, at ?? DateTimeOffset.UtcNow, null);

    [Fact]
    public async Task A_created_run_reads_back_whole()
    {
        var run = Run();
        Assert.True(await Subject.CreateRunAsync(run));

        var read = await Subject.GetRunAsync(run.RunId);

        Assert.NotNull(read);
        Assert.Equal((run.Name, run.PipelineId, run.PipelineFile, run.PipelineYaml, run.Status), (read.Name, read.PipelineId, read.PipelineFile, read.PipelineYaml, read.Status));
        Assert.Equal("prod", read.Inputs["env"]);
        Assert.True((read.SubmittedAt - run.SubmittedAt).Duration() < TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Creating_the_same_run_id_twice_keeps_one_run()
    {
        var run = Run();
        Assert.True(await Subject.CreateRunAsync(run));
        Assert.False(await Subject.CreateRunAsync(run with { PipelineId = "other" }));

        Assert.Equal("release", (await Subject.GetRunAsync(run.RunId))!.PipelineId);
    }

    [Fact]
    public async Task Events_read_back_in_order_and_a_taken_sequence_number_is_refused()
    {
        var run = Run();
        await Subject.CreateRunAsync(run);
        var at = DateTimeOffset.UtcNow;
        RunEvent[] events =
        [
            new RunBegan(at, new Dictionary<string, Value> { ["regions"] = Value.Of([Value.Of("eu"), Value.Of(2)]) }),
            new AttemptStarted(at, "build", 1),
            new AttemptSucceeded(at, "build", 1, 0, new Dictionary<string, string> { ["version"] = "1.2.3" }),
            new TimerFired(at, new TimerKey(TimerKind.Retry, "test", 2)),
        ];
        for (var i = events.Length - 1; i >= 0; i--)
        {
            await Subject.AppendEventAsync(run.RunId, i, events[i]); // out of order on purpose
        }

        Assert.False(await Subject.AppendEventAsync(run.RunId, 1, new AttemptFailed(at, "build", 1, 1, "a second writer must not replace")));

        var read = await Subject.ReadEventsAsync(run.RunId);
        Assert.Equal(events.Select(RunEventJson.Serialize), read.Select(RunEventJson.Serialize));

        // A follower that has applied two events reads only the rest; past the end, nothing.
        var rest = await Subject.ReadEventsFromAsync(run.RunId, 2);
        Assert.Equal(events.Skip(2).Select(RunEventJson.Serialize), rest.Select(RunEventJson.Serialize));
        Assert.Empty(await Subject.ReadEventsFromAsync(run.RunId, events.Length));
    }

    [Fact]
    public async Task A_batch_of_a_hundred_events_is_kept_whole_and_in_order_and_one_meeting_a_taken_number_keeps_none()
    {
        var run = Run();
        await Subject.CreateRunAsync(run);
        var at = DateTimeOffset.UtcNow;
        var first = Enumerable.Range(0, 100).Select(i => (RunEvent)new AttemptStarted(at, $"s{i}", 1)).ToList();

        Assert.True(await Subject.AppendEventsAsync(run.RunId, 0, first));
        // The same numbers again, as a Coordinator with a stale copy of the run would write them.
        Assert.False(await Subject.AppendEventsAsync(run.RunId, 0, [.. Enumerable.Range(0, 100).Select(i => (RunEvent)new AttemptFailed(at, $"s{i}", 1, 1, "stale"))]));
        Assert.False(await Subject.AppendEventsAsync(run.RunId, 99, [new AttemptFailed(at, "late", 1, 1, "stale"), new AttemptFailed(at, "later", 1, 1, "stale")]));

        var read = await Subject.ReadEventsAsync(run.RunId);
        Assert.Equal(first.Select(RunEventJson.Serialize), read.Select(RunEventJson.Serialize));
    }

    [Fact]
    public async Task Five_hundred_events_appended_concurrently_are_all_kept_once()
    {
        var run = Run();
        await Subject.CreateRunAsync(run);
        var at = DateTimeOffset.UtcNow;

        var accepted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            if (await Subject.AppendEventAsync(run.RunId, i % 500, new AttemptSucceeded(at, $"s{i % 500}", 1, 0, new Dictionary<string, string>()), ct))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(500, accepted);

        var read = await Subject.ReadEventsAsync(run.RunId);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"s{i}"), read.Cast<AttemptSucceeded>().Select(e => e.StepId));
    }

    [Fact]
    public async Task History_is_newest_first_filtered_and_paged()
    {
        var pipeline = $"p{Guid.NewGuid():N}"[..12];
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var runs = Enumerable.Range(0, 5).Select(i => Run(pipeline, t0.AddMinutes(i), i % 2 == 0 ? RunStatus.Succeeded : RunStatus.Failed)).ToList();
        foreach (var run in runs)
        {
            await Subject.CreateRunAsync(run);
        }

        var page = await Subject.ListRunsAsync(new RunQuery(pipeline, Take: 2));
        Assert.Equal([runs[4].RunId, runs[3].RunId], page.Select(r => r.RunId));
        var next = await Subject.ListRunsAsync(new RunQuery(pipeline, Skip: 2, Take: 2));
        Assert.Equal([runs[2].RunId, runs[1].RunId], next.Select(r => r.RunId));
        var failed = await Subject.ListRunsAsync(new RunQuery(pipeline, RunStatus.Failed));
        Assert.Equal([runs[3].RunId, runs[1].RunId], failed.Select(r => r.RunId));
    }

    [Fact]
    public async Task A_finished_run_leaves_the_unfinished_list()
    {
        var run = Run();
        await Subject.CreateRunAsync(run);
        Assert.Contains(await Subject.UnfinishedRunsAsync(), r => r.RunId == run.RunId);

        var end = DateTimeOffset.UtcNow;
        await Subject.UpdateStatusAsync(run.RunId, RunStatus.Succeeded, end);

        Assert.DoesNotContain(await Subject.UnfinishedRunsAsync(), r => r.RunId == run.RunId);
        var read = await Subject.GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Succeeded, read!.Status);
        Assert.True((read.FinishedAt!.Value - end).Duration() < TimeSpan.FromMilliseconds(1));
    }

    private IRunClaims Claims => Subject as IRunClaims ?? throw new InvalidOperationException($"{Subject.GetType().Name} keeps no run claims");

    [Fact]
    public async Task An_unowned_run_is_claimed_by_one_replica_only_and_a_just_created_one_is_left_to_its_creator()
    {
        var now = DateTimeOffset.UtcNow;
        var (old, fresh) = (Run(at: now.AddHours(-1)), Run(at: now));
        await Subject.CreateRunAsync(old);
        await Subject.CreateRunAsync(fresh);

        var won = await Claims.ClaimOrphansAsync("replica-a", now, now.AddMinutes(1));
        Assert.Contains(old.RunId, won);
        Assert.DoesNotContain(fresh.RunId, won);
        Assert.DoesNotContain(old.RunId, await Claims.ClaimOrphansAsync("replica-b", now, now.AddMinutes(1)));
    }

    [Fact]
    public async Task A_run_whose_owner_stopped_renewing_goes_to_another_replica_and_a_renewed_one_does_not()
    {
        var (gone, alive) = (Run(), Run());
        await Subject.CreateRunAsync(gone);
        await Subject.CreateRunAsync(alive);
        var now = DateTimeOffset.UtcNow;
        await Claims.ClaimAsync(gone.RunId, "dead-replica", now.AddSeconds(-1));
        await Claims.ClaimAsync(alive.RunId, "live-replica", now.AddSeconds(-1));
        await Claims.RenewAsync("live-replica", now.AddMinutes(1));

        var won = await Claims.ClaimOrphansAsync("replica-b", now, now.AddMinutes(1));

        Assert.Contains(gone.RunId, won);
        Assert.DoesNotContain(alive.RunId, won);
    }

    [Fact]
    public async Task A_stopping_replica_releases_its_runs_at_once_and_finished_runs_are_never_claimed()
    {
        var (held, done) = (Run(), Run());
        await Subject.CreateRunAsync(held);
        await Subject.CreateRunAsync(done);
        await Subject.UpdateStatusAsync(done.RunId, RunStatus.Succeeded, DateTimeOffset.UtcNow);
        var now = DateTimeOffset.UtcNow;
        await Claims.ClaimAsync(held.RunId, "stopping-replica", now.AddHours(1));
        await Claims.ReleaseAsync("stopping-replica");

        var won = await Claims.ClaimOrphansAsync("replica-b", now, now.AddMinutes(1));

        Assert.Contains(held.RunId, won);
        Assert.DoesNotContain(done.RunId, won);
    }
}
