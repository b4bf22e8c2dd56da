using Platform.Contracts;
using Platform.Coordinator.Progress;

namespace Platform.Coordinator.Tests;

/// <summary>Live progress goes out in messages of bounded size, every change once and in order.</summary>
public class ProgressPiecesTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_wide_flush_is_split_into_bounded_pieces_that_keep_every_change_once_in_order()
    {
        var runId = Guid.NewGuid();
        var changes = Enumerable.Range(0, 2_000)
            .Select(i => new StepStatusChange($"c{i:D4}", i % 2 == 0 ? "running" : "succeeded", 1, At.AddTicks(i), null, i % 2 == 0 ? null : "slept 0 ms\n"))
            .ToList();

        var pieces = ProgressPieces.Of(runId, changes).ToList();

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.Equal(runId, p.RunId));
        Assert.All(pieces, p => Assert.InRange(p.Changes.Count, 1, ProgressPieces.MaxChanges));
        Assert.Equal(changes, pieces.SelectMany(p => p.Changes));
    }

    [Fact]
    public void Long_log_tails_make_pieces_smaller_and_a_tail_larger_than_a_piece_goes_alone()
    {
        var tail = new string('x', 6_000);
        var huge = new string('y', 70_000);
        var changes = new[]
        {
            new StepStatusChange("a", "failed", 1, At, "exit code 1", tail),
            new StepStatusChange("b", "failed", 1, At, "exit code 1", tail),
            new StepStatusChange("c", "failed", 1, At, "exit code 1", tail),
            new StepStatusChange("d", "failed", 1, At, "exit code 1", huge),
            new StepStatusChange("e", "running", 1, At, null),
        };

        var pieces = ProgressPieces.Of(Guid.NewGuid(), changes).Select(p => p.Changes.Select(c => c.StepId).ToArray()).ToList();

        Assert.Equal([["a", "b"], ["c"], ["d"], ["e"]], pieces);
    }

    [Fact]
    public void Nothing_gathered_publishes_nothing()
    {
        Assert.Empty(ProgressPieces.Of(Guid.NewGuid(), []));
    }
}

/// <summary>What the Coordinator publishes for a wide run: pieces no larger than the bound, every step's end in them once.</summary>
public class WideRunProgressTests
{
    [Fact]
    public async Task A_wide_fan_out_of_short_steps_is_reported_in_bounded_messages_with_every_end_once()
    {
        await using var h = await RunHarness.StartAsync();
        var children = string.Join("", Enumerable.Range(0, 400).Select(i => $"        - {{ id: c{i:D3}, sleep: 0ms }}\n"));
        var run = await h.RunAsync($"id: wide\nsteps:\n  - parallel:\n      id: fan\n      steps:\n{children}");

        Assert.Equal("succeeded", run.Status);
        var messages = h.Published<RunProgressed>(run.RunId, p => p.RunId);
        Assert.All(messages, m => Assert.InRange(m.Changes.Count, 1, ProgressPieces.MaxChanges));
        var ends = messages.SelectMany(m => m.Changes).Where(c => c.Status == "succeeded" && c.StepId.StartsWith('c')).Select(c => c.StepId).ToList();
        Assert.Equal(400, ends.Count);
        Assert.Equal(400, ends.Distinct().Count());
    }
}
