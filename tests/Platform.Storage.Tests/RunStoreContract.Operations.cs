namespace Platform.Storage.Tests;

/// <summary>Step output and the command inbox, for every store.</summary>
public abstract partial class RunStoreContract
{
    private T Operations<T>() where T : class
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
        return Store as T ?? throw new InvalidOperationException($"{Store!.GetType().Name} is not an {typeof(T).Name}");
    }

    private static LogChunk Chunk(string step, long seq, int lines, int attempt = 1) =>
        new(step, attempt, seq, DateTimeOffset.UtcNow, string.Concat(Enumerable.Range(0, lines).Select(i => $"{step} {seq}.{i}\n")));

    [Fact]
    public async Task Step_output_within_the_bound_reads_back_whole_in_order_and_pages_by_cursor()
    {
        var logs = Operations<IRunLogs>();
        var runId = Guid.NewGuid();
        await logs.AppendLogAsync(runId, Chunk("build", 0, 2), 1_000_000);
        await logs.AppendLogAsync(runId, Chunk("test", 0, 1), 1_000_000);
        await logs.AppendLogAsync(runId, Chunk("build", 1, 1), 1_000_000);
        await logs.AppendLogAsync(runId, Chunk("build", 1, 1), 1_000_000); // redelivered

        var all = await logs.ReadLogsAsync(runId, null, null, 0);
        var build = await logs.ReadLogsAsync(runId, "build", null, 0);
        var after = await logs.ReadLogsAsync(runId, null, null, all.Chunks[1].Cursor);
        var firstPage = await logs.ReadLogsAsync(runId, null, null, 0, take: 2);
        var secondPage = await logs.ReadLogsAsync(runId, null, null, firstPage.Cursor, take: 2);

        Assert.Equal(["build 0.0\nbuild 0.1\n", "test 0.0\n", "build 1.0\n"], all.Chunks.Select(c => c.Chunk.Text));
        Assert.Equal([0L, 1L], build.Chunks.Select(c => c.Chunk.Sequence));
        Assert.Equal(["build 1.0\n"], after.Chunks.Select(c => c.Chunk.Text));
        Assert.Equal(all.Chunks[^1].Cursor, all.Cursor);
        Assert.Empty(all.Omissions);
        Assert.Equal(all.Chunks, [.. firstPage.Chunks, .. secondPage.Chunks]);
        Assert.Equal(2, firstPage.Chunks.Count);
    }

    [Fact]
    public async Task Output_over_the_bound_keeps_its_beginning_and_its_end_and_counts_what_was_cut()
    {
        var logs = Operations<IRunLogs>();
        var runId = Guid.NewGuid();
        // 20 chunks of 10 lines of 12 bytes ("loop 00.000\n"): 120 bytes each, 2,400 in all, bound 700.
        for (var seq = 0; seq < 20; seq++)
        {
            await logs.AppendLogAsync(runId, new LogChunk("loop", 1, seq, DateTimeOffset.UtcNow,
                string.Concat(Enumerable.Range(0, 10).Select(i => $"loop {seq:00}.{i:000}\n"))), 700);
        }

        var page = await logs.ReadLogsAsync(runId, "loop", 1, 0);

        var kept = page.Chunks.Select(c => c.Chunk.Sequence).ToList();
        Assert.Equal([0L, 1L, 17L, 18L, 19L], kept); // head: 2 chunks (≤ 350 bytes); tail: the newest that fit in the rest
        var omission = Assert.Single(page.Omissions);
        Assert.Equal((1L, 150L, 15L * 10 * 12), (omission.AfterSequence, omission.Lines, omission.Bytes));
        Assert.Equal(20 * 10, kept.Count * 10 + omission.Lines);
    }

    [Fact]
    public async Task A_command_is_taken_once_and_only_by_the_owner_of_its_run()
    {
        var commands = Operations<IRunCommands>();
        var claims = Operations<IRunClaims>();
        var mine = Guid.NewGuid();
        var theirs = Guid.NewGuid();
        var until = DateTimeOffset.UtcNow.AddMinutes(1);
        await claims.ClaimAsync(mine, "me", until);
        await claims.ClaimAsync(theirs, "them", until);
        await commands.EnqueueCommandAsync(mine, RunCommandKind.Cancel, """{"reason":"one"}""", DateTimeOffset.UtcNow);
        await commands.EnqueueCommandAsync(theirs, RunCommandKind.Cancel, "{}", DateTimeOffset.UtcNow);
        await commands.EnqueueCommandAsync(mine, RunCommandKind.Approve, """{"approve":true}""", DateTimeOffset.UtcNow);

        var taken = await commands.TakeCommandsAsync("me");
        var again = await commands.TakeCommandsAsync("me");

        Assert.Equal([(mine, RunCommandKind.Cancel), (mine, RunCommandKind.Approve)], taken.Select(c => (c.RunId, c.Kind)));
        Assert.Equal("""{"reason":"one"}""", taken[0].Body);
        Assert.Empty(again);
        Assert.Single(await commands.TakeCommandsAsync("them"));
        Assert.Equal("them", (await claims.GetClaimAsync(theirs))!.Owner);
        Assert.Null(await claims.GetClaimAsync(Guid.NewGuid()));
    }
}
