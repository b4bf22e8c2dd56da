using System.Text.Json;
using Platform.Storage;

namespace Platform.Cli.Tests;

/// <summary><c>platform rerun</c>: a new run that takes over what succeeded and runs the rest again, counted by side effects.</summary>
public sealed class RerunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-rerun-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    private int Count(string step) => File.Exists(Path.Combine(_dir, step)) ? File.ReadAllLines(Path.Combine(_dir, step)).Length : 0;

    /// <summary>e2e fails until the file "fixed" exists; every step appends a line to a file named after it.</summary>
    private async Task<string> FailedRunAsync(string runId)
    {
        var pipeline = Path.Combine(_dir, "flaky.yaml");
        await File.WriteAllTextAsync(pipeline, $$$"""
            id: flaky
            steps:
              - { id: build, run: 'echo x >> {{{_dir}}}/build; echo version=7 >> "$PLATFORM_OUTPUT"' }
              - parallel:
                  failFast: false
                  steps:
                    - { id: unit, run: 'echo x >> {{{_dir}}}/unit' }
                    - { id: e2e, run: 'echo x >> {{{_dir}}}/e2e; test -f {{{_dir}}}/fixed' }
              - { id: ship, run: 'echo "{{ steps.build.outputs.version }}" >> {{{_dir}}}/ship' }
            finally:
              - { id: cleanup, run: 'echo x >> {{{_dir}}}/cleanup' }
            """);
        var first = await CliResult.RunAsync("run", pipeline, "--run-id", runId, "--store", Store);
        Assert.True(first.ExitCode == 1, first.Stderr);
        Assert.Equal([1, 1, 1, 0, 1], Counts());
        await File.WriteAllTextAsync(Path.Combine(_dir, "fixed"), "");
        return pipeline;
    }

    private int[] Counts() => [.. new[] { "build", "unit", "e2e", "ship", "cleanup" }.Select(Count)];

    [Fact]
    public async Task Rerun_failed_runs_only_the_failed_step_what_follows_it_and_finally()
    {
        await FailedRunAsync("first");

        var rerun = await CliResult.RunAsync("rerun", "first", "--failed", "--run-id", "second", "--store", Store, "--json");

        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        // build and unit were taken over; e2e, ship (skipped before) and the finally step ran again.
        Assert.Equal([1, 1, 2, 1, 2], Counts());
        Assert.Equal("7", File.ReadAllText(Path.Combine(_dir, "ship")).Trim()); // the reused build's output reached ship
        var report = JsonDocument.Parse(rerun.Stdout).RootElement;
        var firstId = RunIdOf("first");
        Assert.Equal(firstId, report.GetProperty("rerunOf").GetString());
        var build = Row(report, "build");
        Assert.Equal("succeeded", build.GetProperty("status").GetString());
        Assert.Equal($"reused from run {firstId}", build.GetProperty("reason").GetString());
        Assert.Equal(firstId, build.GetProperty("reusedFrom").GetString());
        Assert.False(Row(report, "e2e").TryGetProperty("reusedFrom", out _));

        var show = await CliResult.RunAsync("show", "second", "--store", Store, "--json");
        Assert.Equal(firstId, JsonDocument.Parse(show.Stdout).RootElement.GetProperty("rerunOf").GetString());
    }

    [Fact]
    public async Task Rerun_from_a_step_runs_it_and_what_follows_and_reuses_what_came_before()
    {
        await FailedRunAsync("from-1");
        var fixedRun = await CliResult.RunAsync("rerun", "from-1", "--failed", "--run-id", "from-2", "--store", Store);
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Stderr);

        var rerun = await CliResult.RunAsync("rerun", "from-2", "--from", "ship", "--run-id", "from-3", "--store", Store);

        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Equal([1, 1, 2, 2, 3], Counts());
        Assert.Contains("a re-run of run", rerun.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerun_refuses_an_unknown_step_and_a_pipeline_whose_secrets_are_not_given_again()
    {
        await FailedRunAsync("refused");

        var unknown = await CliResult.RunAsync("rerun", "refused", "--from", "nope", "--store", Store);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no step or group 'nope'", unknown.Stderr, StringComparison.Ordinal);

        var pipeline = Path.Combine(_dir, "secret.yaml");
        await File.WriteAllTextAsync(pipeline, "id: s\ninputs:\n  token: { type: secret }\nsteps:\n  - { id: a, run: 'true' }\n");
        var withSecret = await CliResult.RunAsync(new Dictionary<string, string?> { ["TOKEN_VALUE"] = "s3cret" },
            "run", pipeline, "--run-id", "secret-1", "--store", Store, "--secret", "token=@" + WriteSecret());
        Assert.True(withSecret.ExitCode == 0, withSecret.Stderr);

        var missing = await CliResult.RunAsync("rerun", "secret-1", "--store", Store);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("secrets are never stored; give them again with --secret", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Stderr, StringComparison.Ordinal);
    }

    private string WriteSecret()
    {
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, "s3cret\n");
        return file;
    }

    private static string RunIdOf(string name) => RunIds.From(name).ToString();

    private static JsonElement Row(JsonElement report, string id) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
