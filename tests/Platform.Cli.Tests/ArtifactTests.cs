using System.Security.Cryptography;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// Artifacts as a user meets them in the embedded default: listed in the report with size and SHA-256,
/// downloaded by <c>./platform artifacts RUN --download DIR</c> unchanged, refused over a cap or holding a
/// secret (the step fails with the reason), and globs that leave the workspace or name another step's
/// artifact rejected by <c>validate</c> with file:line:col.
/// </summary>
public sealed class ArtifactTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-artifacts-").FullName;

    private string Work => Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    private async Task<string> WriteAsync(string yaml)
    {
        var path = Path.Combine(_dir, "pipeline.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task A_steps_artifacts_are_in_the_report_and_download_with_equal_digests()
    {
        var pipeline = await WriteAsync("""
            id: build-and-test
            steps:
              - id: build
                artifacts: [ dist, "report.xml" ]   # a directory: everything in it
                run:
                  - mkdir -p dist/lib && head -c 70000 /dev/urandom > dist/app.bin && echo lib > dist/lib/a.txt
                  - echo '<testsuite/>' > report.xml && echo scratch > not-an-artifact.txt
              - { id: test, run: test -s dist/app.bin }
            """);

        var run = await CliResult.RunInAsync(Work, new Dictionary<string, string?>(), "run", pipeline, "--store", Store, "--json", "--run-id", "arts");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var artifacts = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps")[0].GetProperty("artifacts").EnumerateArray()
            .ToDictionary(a => a.GetProperty("path").GetString()!, a => (Size: a.GetProperty("size").GetInt64(), Digest: a.GetProperty("digest").GetString()));
        Assert.Equal(["dist/app.bin", "dist/lib/a.txt", "report.xml"], artifacts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((70000L, Sha256(Path.Combine(Work, "dist/app.bin"))), artifacts["dist/app.bin"]);

        var download = Path.Combine(_dir, "downloaded");
        var fetched = await CliResult.RunAsync("artifacts", "arts", "--download", download, "--store", Store);

        Assert.True(fetched.ExitCode == 0, fetched.Stderr);
        foreach (var (path, (size, digest)) in artifacts)
        {
            Assert.Equal(digest, Sha256(Path.Combine(download, path)));
            Assert.Contains($"{path}  ", fetched.Stdout, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(download, "not-an-artifact.txt")));
        var listed = await CliResult.RunAsync("artifacts", "arts", "--store", Store, "--json");
        var row = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().Single(a => a.GetProperty("path").GetString() == "report.xml");
        Assert.Equal(("build", 1), (row.GetProperty("step").GetString(), row.GetProperty("attempt").GetInt32()));
    }

    [Theory]
    [InlineData(null)] // overlayfs, as the embedded run isolates by default
    [InlineData("Copy")] // the fallback where overlayfs is not available
    public async Task A_step_in_an_isolated_branch_stores_the_files_it_saw_through_its_layer(string? isolation)
    {
        Directory.CreateDirectory(Path.Combine(Work, "dist"));
        File.WriteAllText(Path.Combine(Work, "dist", "app.txt"), "old\n");
        File.WriteAllText(Path.Combine(Work, "dist", "keep.txt"), "kept\n");
        File.WriteAllText(Path.Combine(Work, "dist", "stale.txt"), "stale\n");
        var pipeline = await WriteAsync("""
            id: isolated-artifacts
            steps:
              - parallel:
                  steps:
                    - { id: build, artifacts: [ "dist/**" ], run: 'echo new > dist/app.txt && rm dist/stale.txt' }
                    - { id: lint, artifacts: [ lint.txt ], run: 'echo clean > lint.txt' }
              - { id: test, run: 'grep -qx new dist/app.txt && test -s lint.txt && test ! -e dist/stale.txt' }
            """);

        var run = await CliResult.RunInAsync(Work, new Dictionary<string, string?> { ["PLATFORM_Executor__Isolation"] = isolation },
            "run", pipeline, "--store", Store, "--json", "--run-id", $"isolated-{isolation ?? "auto"}");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var download = Path.Combine(_dir, "downloaded");
        var fetched = await CliResult.RunAsync("artifacts", $"isolated-{isolation ?? "auto"}", "--download", download, "--store", Store);
        Assert.True(fetched.ExitCode == 0, fetched.Stderr);
        // What build saw: its own app.txt, keep.txt from below its layer, and not the stale.txt it deleted.
        Assert.Equal(["dist/app.txt", "dist/keep.txt", "lint.txt"],
            Directory.GetFiles(download, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(download, f)).Order(StringComparer.Ordinal));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(download, "dist", "app.txt")));
        foreach (var path in new[] { "dist/app.txt", "dist/keep.txt", "lint.txt" })
        {
            Assert.Equal(Sha256(Path.Combine(Work, path)), Sha256(Path.Combine(download, path)));
        }
    }

    [Fact]
    public async Task An_artifact_over_the_per_file_cap_fails_its_step_with_the_reason_and_nothing_after_it_runs()
    {
        var pipeline = await WriteAsync("""
            id: too-big
            steps:
              - { id: build, artifacts: [ big.bin ], run: 'head -c 2097152 /dev/zero > big.bin' }
              - { id: after, run: 'true' }
            """);

        var run = await CliResult.RunInAsync(Work, new Dictionary<string, string?> { ["PLATFORM_Artifacts__MaxFileBytes"] = "1048576" },
            "run", pipeline, "--store", Store, "--json", "--run-id", "too-big");

        Assert.Equal(1, run.ExitCode);
        var steps = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps");
        Assert.Equal("failed", steps[0].GetProperty("status").GetString());
        Assert.Equal("artifact big.bin is 2.0 MB, over the 1 MB per-file cap (Artifacts:MaxFileBytes)", steps[0].GetProperty("reason").GetString());
        Assert.NotEqual("succeeded", steps[1].GetProperty("status").GetString());
        var listed = await CliResult.RunAsync("artifacts", "too-big", "--store", Store);
        Assert.Contains("stored no artifacts", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_another_step_stored_is_never_overwritten_and_the_run_cap_counts_every_step()
    {
        var pipeline = await WriteAsync("""
            id: overlapping
            steps:
              - { id: build, artifacts: [ "dist/**" ], run: 'mkdir -p dist && head -c 600000 /dev/urandom > dist/app.bin' }
              - { id: patch, artifacts: [ dist/app.bin ], allowFailure: true, run: 'echo patched > dist/app.bin' }
              - { id: docs, artifacts: [ docs.tar ], run: 'head -c 600000 /dev/urandom > docs.tar' }
            """);

        var run = await CliResult.RunInAsync(Work, new Dictionary<string, string?> { ["PLATFORM_Artifacts__MaxRunBytes"] = "1048576" },
            "run", pipeline, "--store", Store, "--json", "--run-id", "overlapping");

        Assert.Equal(1, run.ExitCode);
        var steps = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps");
        Assert.Equal("artifact dist/app.bin is already stored by step 'build' (attempt 1): artifacts are immutable, give each path one step",
            steps[1].GetProperty("reason").GetString());
        Assert.Equal("artifact docs.tar would bring the run's artifacts to 1.1 MB, over the 1 MB per-run cap (Artifacts:MaxRunBytes)",
            steps[2].GetProperty("reason").GetString());
        var listed = await CliResult.RunAsync("artifacts", "overlapping", "--store", Store, "--json");
        var only = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("dist/app.bin", 600000L, "build"), (only.GetProperty("path").GetString(), only.GetProperty("size").GetInt64(), only.GetProperty("step").GetString()));
    }

    [Fact]
    public async Task An_artifact_holding_a_secret_value_is_refused_and_its_step_fails()
    {
        var pipeline = await WriteAsync("""
            id: leaky
            secrets: [DEPLOY_KEY]
            steps:
              - { id: build, artifacts: [ config.env ], run: 'echo "key=$DEPLOY_KEY" > config.env' }
            """);

        var run = await CliResult.RunInAsync(Work, new Dictionary<string, string?> { ["DEPLOY_KEY"] = "K3y-sekret-42" },
            "run", pipeline, "--secret", "DEPLOY_KEY", "--store", Store, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("artifact config.env contains the value of secret 'DEPLOY_KEY': not stored",
            JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Validate_rejects_globs_leaving_the_workspace_and_one_glob_declared_by_two_steps()
    {
        var pipeline = await WriteAsync("""
            id: bad
            steps:
              - id: build
                run: 'true'
                artifacts: [ "../x", "/abs/y", "dist/**" ]
              - { id: package, run: 'true', artifacts: "dist/**" }
            """);

        var result = await CliResult.RunAsync("validate", pipeline);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml:5:18: error: artifact '../x' escapes the workspace ('..')", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pipeline.yaml:5:26: error: artifact '/abs/y' is an absolute path", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pipeline.yaml:6:44: error: artifact 'dist/**' is declared by both 'build' (", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pipeline.yaml:5:36) and 'package'", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
