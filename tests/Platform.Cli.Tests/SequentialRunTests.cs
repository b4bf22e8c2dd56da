using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary><c>run --sequential</c>: real steps never overlap, needs keep their order, the report records the override.</summary>
public sealed class SequentialRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-sequential-").FullName;

    [Fact]
    public async Task A_sequential_run_never_overlaps_two_steps_and_keeps_needs_order()
    {
        var pipeline = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(pipeline, """
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
            """);

        var result = await CliResult.RunAsync("run", pipeline, "--sequential", "--json", "--store", "memory");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(1, report.GetProperty("concurrencyOverride").GetInt32());
        var steps = report.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "step")
            .Select(s => (Id: s.GetProperty("id").GetString()!, Start: Time(s, "startedAt"), End: Time(s, "finishedAt")))
            .OrderBy(s => s.Start).ToList();
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

    private static DateTimeOffset Time(JsonElement step, string name) =>
        DateTimeOffset.Parse(step.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
