using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary><c>stagger</c> in a real run: the children's reported starts are spaced, not together.</summary>
public sealed class StaggerRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-stagger-").FullName;

    [Fact]
    public async Task A_staggered_groups_steps_start_spaced_apart()
    {
        var pipeline = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(pipeline, """
            id: stagger
            steps:
              - parallel:
                  stagger: 300ms
                  steps: [ { id: a, run: sleep 1 }, { id: b, run: sleep 1 }, { id: c, run: sleep 1 }, { id: d, run: sleep 1 } ]
            """);

        var result = await CliResult.RunAsync("run", pipeline, "--json", "--store", "memory");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var starts = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == "step")
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => DateTimeOffset.Parse(s.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture));
        var ordered = new[] { "a", "b", "c", "d" }.Select(id => starts[id]).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            // Dispatches are exactly 300 ms apart; a process's reported start may lag its dispatch by a little.
            var gap = (ordered[i] - ordered[i - 1]).TotalMilliseconds;
            Assert.True(gap >= 200, $"step {i} started {gap:0} ms after the one before");
        }

        // All four overlap: stagger spaces starts, it does not serialise the group.
        Assert.True(ordered[3] - ordered[0] < TimeSpan.FromSeconds(2.5));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
