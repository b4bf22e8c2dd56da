using Platform.Contracts;
using Platform.Storage.InMemory;

namespace Platform.Coordinator.Tests;

/// <summary>Approval steps through the saga: an <see cref="ApproveStep"/> message decides a waiting gate.</summary>
public class ApprovalSagaTests
{
    private const string Gated =
        "id: gated\nsteps:\n  - { id: gate, approval: { message: ship?, approvers: [alice, bob] } }\n  - { id: deploy, run: 'true' }\n";

    private static async Task<ApprovalAnswered> AnswerAsync(RunHarness h, Guid runId, int nth = 1)
    {
        Assert.True(await h.Harness.Published.Any<ApprovalAnswered>(m => m.Context.Message.RunId == runId
            && h.Published<ApprovalAnswered>(runId, a => a.RunId).Count() >= nth), "no ApprovalAnswered");
        return h.Published<ApprovalAnswered>(runId, m => m.RunId).ElementAt(nth - 1);
    }

    private static async Task<Guid> WaitingAsync(RunHarness h)
    {
        var id = await h.SubmitAsync(Gated);
        // Published once the run began and was saved: the gate is waiting by then.
        Assert.True(await h.Harness.Published.Any<RunStarted>(m => m.Context.Message.RunId == id));
        return id;
    }

    [Fact]
    public async Task An_approved_gate_lets_the_run_go_on_and_the_report_says_who_approved_it()
    {
        await using var h = await RunHarness.StartAsync();
        var id = await WaitingAsync(h);
        Assert.Empty(h.Published<ExecuteStep>(id, m => m.RunId)); // nothing dispatched for a gate

        await h.Harness.Bus.Publish(new ApproveStep(id, "gate", true, "alice", "looks good", DateTimeOffset.UtcNow));
        var run = await h.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status);
        Assert.Equal(["succeeded", "succeeded"], run.StepRows().Select(s => s.Status));
        Assert.Equal(("approved", "alice", "looks good"), (run.Step("gate").Approval!.Decision, run.Step("gate").Approval!.By, run.Step("gate").Approval!.Comment));
        Assert.True((await AnswerAsync(h, id)).Applied);
        Assert.DoesNotContain(h.Published<ExecuteStep>(id, m => m.RunId), e => e.StepId == "gate");
    }

    [Fact]
    public async Task A_rejected_gate_fails_the_run_with_the_comment_as_its_reason()
    {
        await using var h = await RunHarness.StartAsync();
        var id = await WaitingAsync(h);

        await h.Harness.Bus.Publish(new ApproveStep(id, "gate", false, "bob", "not on a Friday", DateTimeOffset.UtcNow));
        var run = await h.FinishedAsync(id);

        Assert.Equal("failed", run.Status);
        Assert.Equal("failed", run.Status("gate"));
        Assert.Contains("not on a Friday", run.Step("gate").Reason);
        Assert.Equal("skipped", run.Status("deploy"));
    }

    [Fact]
    public async Task A_decision_from_someone_not_among_the_approvers_is_refused_and_the_gate_keeps_waiting()
    {
        await using var h = await RunHarness.StartAsync();
        var id = await WaitingAsync(h);

        await h.Harness.Bus.Publish(new ApproveStep(id, "gate", true, "mallory", null, DateTimeOffset.UtcNow));
        var refused = await AnswerAsync(h, id);
        Assert.False(refused.Applied);
        Assert.Equal("mallory may not decide gate: its approvers are alice, bob", refused.Message);

        await h.Harness.Bus.Publish(new ApproveStep(id, "gate", true, "bob", null, DateTimeOffset.UtcNow));
        Assert.Equal("succeeded", (await h.FinishedAsync(id)).Status);
    }

    [Fact]
    public async Task A_decision_for_a_finished_run_is_answered_with_why_nothing_happened()
    {
        await using var h = await RunHarness.StartAsync();
        var id = await WaitingAsync(h);
        await h.Harness.Bus.Publish(new ApproveStep(id, "gate", true, "alice", null, DateTimeOffset.UtcNow));
        await h.FinishedAsync(id);

        await h.Harness.Bus.Publish(new ApproveStep(id, "gate", false, "bob", null, DateTimeOffset.UtcNow));

        var late = await AnswerAsync(h, id, nth: 2);
        Assert.False(late.Applied);
        Assert.Equal($"run {id} is already succeeded", late.Message);
    }

    [Fact]
    public async Task A_gate_keeps_waiting_across_a_Coordinator_restart_and_is_approved_on_the_new_one()
    {
        var store = new InMemoryRunStore();
        Guid id;
        await using (var first = await RunHarness.StartAsync(store: store))
        {
            id = await WaitingAsync(first);
        }

        await using var second = await RunHarness.StartAsync(store: store);
        await second.Harness.Bus.Publish(new ApproveStep(id, "gate", true, "alice", null, DateTimeOffset.UtcNow));
        var run = await second.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status);
        Assert.Equal("alice", run.Step("gate").Approval!.By);
        Assert.Equal(1, run.Step("deploy").Attempts);
    }
}
