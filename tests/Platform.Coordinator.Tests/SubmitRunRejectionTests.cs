using MassTransit.Testing;
using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>A SubmitRun that cannot be a run is answered with RunRejected naming the problem, never a faulted saga.</summary>
public class SubmitRunRejectionTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "empty-id", "runId is empty" },
        { "null-yaml", "pipelineYaml is empty" },
        { "blank-yaml", "pipelineYaml is empty" },
        { "control-name", "name must be 1 to 200 characters" },
        { "null-input", "inputs holds an empty name or a null value" },
        { "not-yaml", "invalid YAML" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_nonsense_submission_is_rejected_naming_the_problem(string kind, string problem)
    {
        await using var h = await RunHarness.StartAsync(withExecutor: false);
        var id = kind == "empty-id" ? Guid.Empty : Guid.NewGuid();
        var message = new SubmitRun(id, kind switch
        {
            "null-yaml" => null!,
            "blank-yaml" => "  \n",
            "not-yaml" => "id: [unclosed",
            _ => "id: p\nsteps:\n  - { id: a, run: 'true' }\n",
        }, "p.yaml", kind == "null-input" ? new Dictionary<string, string> { ["x"] = null! } : new Dictionary<string, string>(),
            DateTimeOffset.UtcNow, kind == "control-name" ? "bad\u0007name" : null);

        await h.Harness.Bus.Publish(message);

        Assert.True(await h.Harness.Published.Any<RunRejected>(m => m.Context.Message.RunId == id), $"no RunRejected for {kind}");
        var rejected = h.Published<RunRejected>(id, m => m.RunId).First();
        Assert.Contains(rejected.Errors, e => e.Contains(problem, StringComparison.Ordinal));
        Assert.False(await h.PublishedSoonAsync<MassTransit.Fault<SubmitRun>>(_ => true), "the submission faulted");
    }
}
