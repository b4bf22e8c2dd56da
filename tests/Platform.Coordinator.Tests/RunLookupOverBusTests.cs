using MassTransit;
using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>
/// Over the bus a client names a run as it does embedded — its id, its name, or a unique start of its id — and
/// a Coordinator answers from its store which run that is; a start that several runs share is refused, naming them.
/// </summary>
public sealed class RunLookupOverBusTests
{
    private const string Pipeline = "id: looked-up\nsteps:\n  - { id: a, sleep: 0ms }\n";

    [Fact]
    public async Task A_run_is_found_by_its_id_its_name_or_a_unique_start_of_its_id_and_a_shared_start_names_both()
    {
        await using var h = await RunHarness.StartAsync();
        var stem = Guid.NewGuid().ToString("N")[..8];
        var one = Guid.Parse($"{stem}-1111-4000-8000-000000000000");
        var two = Guid.Parse($"{stem}-2222-4000-8000-000000000000");
        await h.FinishedAsync(await h.SubmitAsync(Pipeline, one));
        await h.FinishedAsync(await h.SubmitAsync(Pipeline, two));
        var client = h.Harness.Bus.CreateRequestClient<GetRunOutcome>();
        async Task<RunOutcome> Ask(string text) =>
            (await client.GetResponse<RunOutcome>(new GetRunOutcome(Storage.RunIds.From(text), text))).Message;

        var byStart = await Ask($"{stem}-1");
        Assert.Equal((one, "succeeded"), (byStart.RunId, byStart.Status));
        Assert.NotNull(byStart.Finished);
        Assert.Equal(two, (await Ask($"{stem}-2222")).RunId);
        Assert.Equal(two, (await Ask(two.ToString())).RunId);

        var shared = await Ask(stem);
        Assert.Equal("unknown", shared.Status);
        Assert.Equal(new HashSet<Guid> { one, two }, shared.Ambiguous!.ToHashSet());

        var nobody = await Ask("no-such-run");
        Assert.Equal(("unknown", null), (nobody.Status, nobody.Ambiguous));
        Assert.Equal(Storage.RunIds.From("no-such-run"), nobody.RunId);
    }

    [Fact]
    public async Task A_run_submitted_under_a_name_is_found_by_that_name()
    {
        await using var h = await RunHarness.StartAsync();
        var named = Storage.RunIds.From("nightly-build");
        await h.FinishedAsync(await h.SubmitAsync(Pipeline, named));
        var answer = (await h.Harness.Bus.CreateRequestClient<GetRunOutcome>()
            .GetResponse<RunOutcome>(new GetRunOutcome(named, "nightly-build"))).Message;

        Assert.Equal((named, "succeeded"), (answer.RunId, answer.Status));
    }
}
