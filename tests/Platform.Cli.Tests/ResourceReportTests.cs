using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// What <c>run --json</c> and <c>show --json</c> say a run used: <c>resources</c> per attempt, per step,
/// summed per group and for the run, and the same figures again from the store.
/// </summary>
public sealed class ResourceReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-resources-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    [Fact]
    public async Task A_runs_resources_are_reported_per_attempt_summed_per_group_and_run_and_shown_again_from_the_store()
    {
        var pipeline = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(pipeline, $$"""
            id: resources
            steps:
              - parallel:
                  id: both
                  steps:
                    - { id: writer, run: 'head -c 3000000 /dev/zero > {{_dir}}/out.bin' }
                    - { id: reader, run: 'head -c 2000000 /dev/zero | cat > /dev/null' }
              - id: flaky
                retry: { attempts: 2, delay: 10ms }
                run: '[ -e {{_dir}}/once ] || { touch {{_dir}}/once; head -c 1000000 /dev/zero > /dev/null; exit 1; }'
            """);

        var run = await CliResult.RunAsync("run", pipeline, "--json", "--store", Store, "--run-id", "measured");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        var rows = report.GetProperty("steps").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);

        Assert.InRange(Written(rows["writer"]), 3_000_000, 3_100_000);
        Assert.InRange(Read(rows["reader"]), 2_000_000, 10_000_000);
        Assert.Equal(Written(rows["writer"]) + Written(rows["reader"]), Written(rows["both"]));
        Assert.Equal(Read(rows["writer"]) + Read(rows["reader"]), Read(rows["both"]));

        var attempts = rows["flaky"].GetProperty("attemptResources").EnumerateArray().ToList();
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.True(Read(attempts[0]) >= 1_000_000, "the failed first attempt's reading counts");
        Assert.Equal(Read(attempts[0]) + Read(attempts[1]), Read(rows["flaky"]));

        Assert.Equal(rows.Values.Where(r => r.GetProperty("kind").GetString() == "step").Sum(Read), Read(report));
        Assert.Equal(
            rows.Values.Where(r => r.GetProperty("kind").GetString() == "step").Sum(r => r.GetProperty("resources").GetProperty("cpuSeconds").GetDouble()),
            report.GetProperty("resources").GetProperty("cpuSeconds").GetDouble(), 0.005); // each figure is printed rounded

        var show = await CliResult.RunAsync("show", "measured", "--store", Store, "--json");
        var shown = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal(report.GetProperty("resources").ToString(), shown.GetProperty("resources").ToString());
    }

    [Fact]
    public async Task A_long_step_shows_its_resource_use_so_far_in_progress_lines_and_a_short_one_does_not()
    {
        var pipeline = Path.Combine(_dir, "long.yaml");
        await File.WriteAllTextAsync(pipeline, """
            id: long-step
            steps:
              - { id: burn, run: "timeout 3 bash -c 'while :; do :; done' || true" }
              - { id: quick, run: 'true' }
            """);

        var run = await CliResult.RunAsync(new Dictionary<string, string?> { ["PLATFORM_Executor__ResourceProgressInterval"] = "00:00:00.500" },
            "run", pipeline, "--json", "--store", "memory");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var samples = run.Stderr.Split('\n').Where(l => l.Contains("… burn running for", StringComparison.Ordinal)).ToList();
        Assert.True(samples.Count >= 2, run.Stderr);
        Assert.DoesNotContain(run.Stderr.Split('\n'), l => l.Contains("quick running for", StringComparison.Ordinal));

        // Each line's CPU so far: never less than the one before, never more than the attempt's final figure.
        var cpu = samples.Select(l => double.Parse(System.Text.RegularExpressions.Regex.Match(l, @"cpu (\d+\.\d+)s").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(cpu.Order(), cpu);
        Assert.True(cpu[^1] > 0, run.Stderr);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        var burn = report.GetProperty("steps").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "burn");
        Assert.True(cpu[^1] <= burn.GetProperty("resources").GetProperty("cpuSeconds").GetDouble() + 0.01, run.Stderr);
    }

    [Fact]
    public async Task Counting_what_measuring_costs_is_asked_for_and_covers_every_attempt()
    {
        var pipeline = Path.Combine(_dir, "counted.yaml");
        await File.WriteAllTextAsync(pipeline, """
            id: counted
            steps:
              - { id: sampled, run: 'sleep 0.7' }
              - parallel:
                  - { id: one, run: 'true' }
                  - { id: two, run: 'true' }
                  - { id: three, run: 'true' }
            """);

        var counted = await CliResult.RunAsync(new Dictionary<string, string?> { ["PLATFORM_Executor__CountMeasurementCost"] = "true" },
            "run", pipeline, "--json", "--store", "memory");
        Assert.True(counted.ExitCode == 0, counted.Stderr);
        var line = System.Text.RegularExpressions.Regex.Match(counted.Stderr, @"resource measurement cost ([0-9.]+) ms of CPU over (\d+) attempts \([0-9.]+ µs each\), [0-9.]+ ms of it reading the clock");
        Assert.True(line.Success, counted.Stderr);
        Assert.Equal("4", line.Groups[2].Value);

        // Four attempts, one of them scanned a few times: some CPU, far from the 0.7 s the run took.
        var spent = double.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 1e3;
        Assert.InRange(spent, 1e-6, 0.2);

        var uncounted = await CliResult.RunAsync("run", pipeline, "--json", "--store", "memory");
        Assert.True(uncounted.ExitCode == 0, uncounted.Stderr);
        Assert.DoesNotContain("resource measurement cost", uncounted.Stderr, StringComparison.Ordinal);
    }

    private static long Read(JsonElement row) => row.GetProperty("resources").GetProperty("readBytes").GetInt64();

    private static long Written(JsonElement row) => row.GetProperty("resources").GetProperty("writtenBytes").GetInt64();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
