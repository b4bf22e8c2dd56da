using System.Text;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Extensions;
using Platform.Executor.Running;
using Platform.Executor.Workspaces;
using Platform.ServiceDefaults.Files;

namespace Platform.Executor.Tests.Artifacts;

/// <summary>
/// An Executor placing a run's artifacts before a step starts, with a stand-in for the Coordinator's
/// <c>GetArtifact</c> answer on MassTransit's in-memory harness: fetched once per host, only what the
/// workspace lacks, seen by a step of an isolated branch (overlayfs or copy), and bytes whose SHA-256 is
/// not the stored one fail the step instead of being used.
/// </summary>
public sealed class ArtifactFetchTests : IAsyncDisposable
{
    private static readonly byte[] Stored = Encoding.UTF8.GetBytes("the build's binary\n");

    private readonly string _root = Directory.CreateTempSubdirectory("artifact-fetch-").FullName;
    private readonly Guid _run = Guid.NewGuid();
    private ServiceProvider? _services;

    /// <summary>Answers GetArtifact with <see cref="Content"/>, counting the requests.</summary>
    private sealed class ArtifactSource : IConsumer<GetArtifact>
    {
        public static byte[] Content = Stored;
        public static int Asked;

        public Task Consume(ConsumeContext<GetArtifact> context)
        {
            Interlocked.Increment(ref Asked);
            return context.RespondAsync(new ArtifactContent(context.Message.RunId, context.Message.Digest, Content));
        }
    }

    private async Task<StepAttemptRunner> ExecutorAsync(byte[] answer, BranchIsolation? isolation = null)
    {
        (ArtifactSource.Content, ArtifactSource.Asked) = (answer, 0);
        _services = new ServiceCollection()
            .AddExecutor(o =>
            {
                o.WorkRoot = Path.Combine(_root, "work");
                o.WorkspaceRoot = Path.Combine(_root, "workspaces");
                o.Isolation = isolation;
            })
            .AddMassTransitTestHarness(bus =>
            {
                bus.DisableUsageTelemetry();
                bus.AddConsumer<ArtifactSource>();
            })
            .BuildServiceProvider(true);
        await _services.GetRequiredService<ITestHarness>().Start();
        return _services.GetRequiredService<StepAttemptRunner>();
    }

    private ExecuteStep Step(string id, string command, IReadOnlyList<string>? layers = null) => new(_run, id, 1, [command], null, null, new Dictionary<string, string>(), null, 60_000,
        Layers: layers, Inputs: [new ArtifactRef("dist/app.bin", ArtifactDigest.Of(Stored), Stored.Length, "build", 1)]);

    [Fact]
    public async Task A_missing_artifact_is_fetched_once_for_every_later_step_of_the_run_on_this_host()
    {
        var runner = await ExecutorAsync(Stored);

        var first = await runner.RunAsync(Step("test", "cat dist/app.bin"), CancellationToken.None);
        var second = await runner.RunAsync(Step("lint", "cat dist/app.bin"), CancellationToken.None);

        Assert.True(first.Outcome == StepOutcome.Succeeded, first.Error);
        Assert.Equal("the build's binary\n", first.LogTail);
        Assert.Equal(StepOutcome.Succeeded, second.Outcome);
        Assert.Equal(1, ArtifactSource.Asked);
    }

    [Theory]
    [InlineData(BranchIsolation.Overlay)]
    [InlineData(BranchIsolation.Copy)]
    public async Task A_step_of_an_isolated_branch_sees_an_artifact_fetched_after_its_branch_started(BranchIsolation isolation)
    {
        var runner = await ExecutorAsync(Stored, isolation);
        var first = await runner.RunAsync(Step("prepare", "echo started > branch.txt", ["b"]) with { Inputs = [] }, CancellationToken.None);

        // The branch's layer exists now (with the copy fallback, a copy taken before the artifact was there).
        var second = await runner.RunAsync(Step("test", "cat dist/app.bin", ["b"]), CancellationToken.None);

        Assert.True(first.Outcome == StepOutcome.Succeeded, first.Error);
        Assert.True(second.Outcome == StepOutcome.Succeeded, second.Error);
        Assert.Equal("the build's binary\n", second.LogTail);
        Assert.Equal(1, ArtifactSource.Asked);
    }

    [Fact]
    public async Task Bytes_that_are_not_the_stored_ones_fail_the_step_before_it_runs()
    {
        var runner = await ExecutorAsync(Encoding.UTF8.GetBytes("tampered\n"));

        var result = await runner.RunAsync(Step("test", "touch ran"), CancellationToken.None);

        Assert.Equal(StepOutcome.Failed, result.Outcome);
        Assert.Equal("artifact dist/app.bin of step 'build' arrived with another SHA-256 than it was stored with", result.Error);
        Assert.False(File.Exists(Path.Combine(_root, "workspaces", _run.ToString(), "ran")));
        Assert.False(File.Exists(Path.Combine(_root, "workspaces", _run.ToString(), "dist", "app.bin")));
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
