using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>
/// A run started in one terminal, operated from another on the same machine (the embedded default and
/// one store): its output followed while it runs and read afterwards, cancelled, watched, and the id
/// owned by one process only.
/// </summary>
public sealed class OperateRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-operate-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    private string Pipeline(string yaml)
    {
        var path = Path.Combine(_dir, $"p{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task A_follower_in_another_process_gets_a_loops_lines_while_the_step_runs_and_logs_prints_them_afterwards()
    {
        var pipeline = Pipeline("""
            id: loop
            steps:
              - id: loop
                run: for i in 1 2 3 4 5 6; do echo "line $i"; sleep 0.5; done
            """);
        using var run = CliProcess.Start("run", pipeline, "--run-id", "loop-1", "--store", Store, "--json");
        var report = run.StandardOutput.ReadToEndAsync();
        var runErr = run.StandardError.ReadToEndAsync();
        await WaitForStoredAsync("loop-1");

        using var follow = CliProcess.Start("logs", "loop-1", "--follow", "--store", Store);
        var seen = new List<(string Line, DateTimeOffset ArrivedAt)>();
        while (await follow.StandardOutput.ReadLineAsync() is { } line)
        {
            seen.Add((line, DateTimeOffset.UtcNow));
        }

        await follow.ExitWithin();
        await run.ExitWithin();
        Assert.True(run.ExitCode == 0, await runErr);
        var step = JsonDocument.Parse(await report).RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "loop");
        var finishedAt = DateTimeOffset.Parse(step.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture);

        Assert.Equal(0, follow.ExitCode);
        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 5", "line 6"], seen.Select(s => s.Line.Split(" loop │ ")[1]));
        // Live: the first lines reached the other process before the step ended, stamped when they were written.
        Assert.True(seen[0].ArrivedAt < finishedAt, $"line 1 arrived at {seen[0].ArrivedAt:O}, the step ended at {finishedAt:O}");
        Assert.All(seen, s => Assert.True(Stamp(s.Line) < finishedAt.UtcDateTime.TimeOfDay));

        var afterwards = await CliResult.RunAsync("logs", "loop-1", "loop", "--store", Store);
        Assert.Equal(0, afterwards.ExitCode);
        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 5", "line 6"], Lines(afterwards.Stdout).Select(l => l[16..]));
    }

    [Fact]
    public async Task Output_over_the_bound_is_kept_up_to_it_with_a_marker_counting_what_was_cut()
    {
        var pipeline = Pipeline("""
            id: chatty
            steps:
              - id: chatty
                run: for i in $(seq -w 1 2000); do echo "row $i"; done
            """);
        // 2,000 lines of 9 bytes; a bound of 4,000 bytes keeps about 440 of them.
        var run = await CliResult.RunAsync(new Dictionary<string, string?> { ["PLATFORM_Coordinator__MaxLogBytesPerAttempt"] = "4000" },
            "run", pipeline, "--run-id", "chatty-1", "--store", Store);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var logs = await CliResult.RunAsync("logs", "chatty-1", "chatty", "--store", Store);

        var lines = Lines(logs.Stdout);
        var marker = Assert.Single(lines, l => l.Contains("omitted", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(marker, @"… (\d+) lines \((\d+) bytes\) omitted");
        Assert.True(match.Success, marker);
        var omitted = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var rows = lines.Where(l => !l.Contains("omitted", StringComparison.Ordinal)).Select(l => l[16..]).ToList();
        // Every line is either printed or counted, in order: the beginning, the marker, the end.
        Assert.Equal(2000, rows.Count + omitted);
        Assert.Equal("row 0001", rows[0]);
        Assert.Equal("row 2000", rows[^1]);
        Assert.Equal(omitted * 9, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        var markerAt = lines.IndexOf(marker);
        Assert.Equal(rows.Take(markerAt).Concat(rows.Skip(markerAt)), Enumerable.Range(1, 2000).Where(i => i <= markerAt || i > markerAt + omitted).Select(i => $"row {i:0000}"));
        Assert.True(rows.Sum(r => r.Length + 1) <= 4000);
    }

    [Fact]
    public async Task Cancel_from_another_process_ends_the_run_cancelled_with_its_finally_run()
    {
        var marks = Path.Combine(_dir, "marks");
        var pipeline = Pipeline($$"""
            id: long
            steps:
              - { id: work, run: 'echo started >> {{marks}}; sleep 60' }
              - { id: after, run: 'echo after >> {{marks}}' }
            finally:
              - { id: cleanup, run: 'echo cleanup >> {{marks}}' }
            """);
        using var run = CliProcess.Start("run", pipeline, "--run-id", "long-1", "--store", Store, "--json");
        var report = run.StandardOutput.ReadToEndAsync();
        var runErr = run.StandardError.ReadToEndAsync();
        await TestProcesses.WaitFor(() => File.Exists(marks));

        using var cancel = CliProcess.Start("cancel", "long-1", "--reason", "wrong branch", "--store", Store);
        var cancelErr = new System.Text.StringBuilder();
        DateTimeOffset? askedAt = null;
        while (await cancel.StandardError.ReadLineAsync() is { } line)
        {
            askedAt ??= line.StartsWith("asked run", StringComparison.Ordinal) ? DateTimeOffset.UtcNow : null;
            cancelErr.AppendLine(line);
        }

        await cancel.ExitWithin();
        await run.ExitWithin();

        Assert.True(cancel.ExitCode == 0, cancelErr.ToString());
        Assert.Contains("ended: cancelled", cancelErr.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cancelled: wrong branch", await runErr, StringComparison.Ordinal);
        var steps = JsonDocument.Parse(await report).RootElement;
        Assert.Equal("cancelled", steps.GetProperty("status").GetString());
        var rows = steps.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s);
        Assert.Equal(("cancelled", "skipped", "succeeded"), (Status(rows["work"]), Status(rows["after"]), Status(rows["cleanup"])));
        Assert.Equal(["started", "cleanup"], File.ReadAllLines(marks));
        // Within 2 s of being asked: the owner reads its inbox every 250 ms and kills the step's process group.
        var cancelledAt = DateTimeOffset.Parse(rows["work"].GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(askedAt is not null && cancelledAt - askedAt.Value < TimeSpan.FromSeconds(2), $"asked at {askedAt:O}, cancelled at {cancelledAt:O}");

        var again = await CliResult.RunAsync("cancel", "long-1", "--store", Store);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already finished: cancelled", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_follows_a_live_run_to_its_report_and_exit_code_and_resume_of_it_is_refused()
    {
        var gate = Path.Combine(_dir, "gate");
        var pipeline = Pipeline($$"""
            id: watched
            steps:
              - { id: wait, run: 'while [ ! -f {{gate}} ]; do sleep 0.1; done' }
              - { id: boom, run: 'exit 3' }
            """);
        // A lease of 3 s, renewed every second: after 4 s the run is live only if its owner renews it.
        using var run = CliProcess.Start(new Dictionary<string, string?> { ["PLATFORM_Coordinator__RunLease"] = "00:00:03" },
            "run", pipeline, "--run-id", "watched-1", "--store", Store);
        var runErr = run.StandardError.ReadToEndAsync();
        var runOut = run.StandardOutput.ReadToEndAsync();
        await WaitForStoredAsync("watched-1");
        await Task.Delay(4000);

        var resume = await CliResult.RunAsync("resume", "watched-1", "--store", Store);
        using var watch = CliProcess.Start("watch", "watched-1", "--store", Store);
        var watchOut = watch.StandardOutput.ReadToEndAsync();
        var watchErr = watch.StandardError.ReadToEndAsync();
        await Task.Delay(1000);
        await File.WriteAllTextAsync(gate, "");
        await watch.ExitWithin();
        await run.ExitWithin();

        Assert.Equal(1, resume.ExitCode);
        Assert.Matches(@"^error: run [0-9a-f-]{36} is live \(owned by .+\); use \./platform watch watched-1\s*$", resume.Stderr);
        Assert.True(run.ExitCode == 1, await runErr);
        Assert.Equal(1, watch.ExitCode);
        var progress = await watchErr;
        Assert.Contains("✔ wait succeeded", progress, StringComparison.Ordinal);
        Assert.Contains("✖ boom failed: exit code 3", progress, StringComparison.Ordinal);
        Assert.Equal(await runOut, await watchOut); // the same report
    }

    [Fact]
    public async Task Run_id_of_a_live_run_follows_it_and_of_a_finished_run_needs_the_same_pipeline_and_inputs()
    {
        var count = Path.Combine(_dir, "count");
        var gate = Path.Combine(_dir, "gate2");
        var pipeline = Pipeline($$"""
            id: once
            inputs:
              env: { default: dev }
            steps:
              - { id: work, run: 'echo x >> {{count}}; while [ ! -f {{gate}} ]; do sleep 0.1; done' }
            """);
        using var first = CliProcess.Start("run", pipeline, "--run-id", "once-1", "--store", Store);
        var firstOut = first.StandardOutput.ReadToEndAsync();
        _ = first.StandardError.ReadToEndAsync();
        await TestProcesses.WaitFor(() => File.Exists(count));

        using var second = CliProcess.Start("run", pipeline, "--run-id", "once-1", "--store", Store);
        var secondOut = second.StandardOutput.ReadToEndAsync();
        var secondErr = second.StandardError.ReadToEndAsync();
        await Task.Delay(1500); // the second process attaches while the first still waits at the gate
        await File.WriteAllTextAsync(gate, "");
        await Task.WhenAll(first.ExitWithin(), second.ExitWithin());

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("is live (owned by", await secondErr, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(count)); // followed, not run twice
        Assert.Equal(await firstOut, await secondOut);

        var same = await CliResult.RunAsync("run", pipeline, "--run-id", "once-1", "--store", Store);
        var other = await CliResult.RunAsync("run", pipeline, "--run-id", "once-1", "--input", "env=prod", "--store", Store);

        Assert.Equal(0, same.ExitCode);
        Assert.Contains("already finished with this pipeline and these inputs", same.Stderr, StringComparison.Ordinal);
        Assert.Equal(await firstOut, same.Stdout);
        Assert.Equal(2, other.ExitCode);
        Assert.Equal("error: run once-1 already exists with a different pipeline text or inputs: choose another --run-id, or ./platform rerun once-1", other.Stderr.Trim());
        Assert.Single(File.ReadAllLines(count));
    }

    [Fact]
    public async Task A_run_id_name_is_shown_in_progress_and_report_and_is_run_name_in_templates()
    {
        var pipeline = Pipeline("""
            id: named
            steps:
              - { id: say, run: 'echo "name={{ run.name }}" >> "$PLATFORM_OUTPUT"' }
            """);

        var run = await CliResult.RunAsync("run", pipeline, "--run-id", "nightly-7", "--store", Store, "--json");
        var unnamed = await CliResult.RunAsync("run", pipeline, "--store", Store, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("nightly-7", report.GetProperty("name").GetString());
        Assert.Equal("nightly-7", report.GetProperty("steps")[0].GetProperty("outputs").GetProperty("name").GetString());
        Assert.Matches(@"run nightly-7 \([0-9a-f-]{36}\) of 'named' started", run.Stderr);
        var other = JsonDocument.Parse(unnamed.Stdout).RootElement;
        Assert.False(other.TryGetProperty("name", out _));
        Assert.Equal(other.GetProperty("runId").GetString(), other.GetProperty("steps")[0].GetProperty("outputs").GetProperty("name").GetString());
    }

    private async Task WaitForStoredAsync(string name) =>
        await TestProcesses.WaitFor(() => CliResult.RunAsync("show", name, "--store", Store).Result.ExitCode == 0, TimeSpan.FromSeconds(60));

    private static string Status(JsonElement row) => row.GetProperty("status").GetString()!;

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static TimeSpan Stamp(string line) => TimeSpan.ParseExact(line[..15], @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
