using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// How a run's steps are scheduled, read from the timestamps a user sees: <c>run --sequential</c> never
/// overlaps two steps and keeps needs order; <c>stagger</c> spaces a group's starts.
/// </summary>
public sealed class SchedulingRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-scheduling-").FullName;

    [Fact]
    public async Task A_sequential_run_never_overlaps_two_steps_and_keeps_needs_order()
    {
        var (report, steps) = await RunAsync("""
            id: sequential
            steps:
              - parallel: [ { id: a, run: sleep 0.2 }, { id: b, run: sleep 0.2 }, { id: c, run: sleep 0.2 } ]
              - dag:
                  steps:
                    - { id: report, needs: [test], run: sleep 0.1 }
                    - { id: test, needs: [build], run: sleep 0.1 }
                    - { id: lint, run: sleep 0.1 }
                    - { id: build, run: sleep 0.1 }
              - forEach:
                  id: each
                  items: [x, y]
                  steps: [ { id: one, run: sleep 0.1 }, { id: two, run: sleep 0.1 } ]
            """, "--sequential");

        Assert.Equal(1, report.GetProperty("concurrencyOverride").GetInt32());
        Assert.Equal(11, steps.Count);
        for (var i = 1; i < steps.Count; i++)
        {
            Assert.True(steps[i].Start >= steps[i - 1].End, $"{steps[i].Id} started before {steps[i - 1].Id} finished");
        }

        var order = steps.Select(s => s.Id).ToList();
        Assert.Equal(["a", "b", "c"], order.Take(3));
        Assert.True(order.IndexOf("build") < order.IndexOf("test") && order.IndexOf("test") < order.IndexOf("report"), string.Join(",", order));
        Assert.Equal(["one[0]", "two[0]", "one[1]", "two[1]"], order.TakeLast(4));
    }

    [Fact]
    public async Task A_concurrency_below_one_is_refused()
    {
        var pipeline = Path.Combine(_dir, "q.yaml");
        await File.WriteAllTextAsync(pipeline, "id: q\nsteps:\n  - { id: a, run: 'true' }\n");

        var result = await CliResult.RunAsync("run", pipeline, "--concurrency", "0", "--store", "memory");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--concurrency must be at least 1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staggered_groups_steps_start_spaced_apart()
    {
        var (_, steps) = await RunAsync("""
            id: stagger
            steps:
              - parallel:
                  stagger: 300ms
                  steps: [ { id: a, run: sleep 3 }, { id: b, run: sleep 3 }, { id: c, run: sleep 3 }, { id: d, run: sleep 3 } ]
            """);

        // The group starts them exactly 300 ms apart (the engine tests hold that to the tick); a reported start
        // is when the Executor started the process, which on a loaded machine can lag by a varying amount,
        // so this asserts what a user notices: in declared order, spread out, yet overlapping.
        Assert.Equal(["a", "b", "c", "d"], steps.Select(s => s.Id));
        var spread = steps[3].Start - steps[0].Start;
        Assert.True(spread >= TimeSpan.FromMilliseconds(600), $"four steps staggered by 300 ms started within {spread.TotalMilliseconds:0} ms");
        Assert.True(steps[3].Start < steps[0].End, "stagger spaces starts; it does not serialise the group");
    }

    /// <summary>Runs the pipeline with <c>--json</c>; its step rows by start time.</summary>
    private async Task<(JsonElement Report, List<(string Id, DateTimeOffset Start, DateTimeOffset End)> Steps)> RunAsync(string yaml, params string[] options)
    {
        var pipeline = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(pipeline, yaml);
        var result = await CliResult.RunAsync(["run", pipeline, "--json", "--store", "memory", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = JsonDocument.Parse(result.Stdout).RootElement;
        var steps = report.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "step")
            .Select(s => (Id: s.GetProperty("id").GetString()!, Start: Time(s, "startedAt"), End: Time(s, "finishedAt")))
            .OrderBy(s => s.Start).ToList();
        return (report, steps);
    }

    private static DateTimeOffset Time(JsonElement step, string name) =>
        DateTimeOffset.Parse(step.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
