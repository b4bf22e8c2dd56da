using System.Text.Json;
using Platform.Cli.Commands;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>Fail-fast at depth, for real and in simulation alike: what is spared still runs its commands.</summary>
public sealed class NestedFailFastRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-nested-").FullName;

    private string Yaml() => $$"""
        id: nested
        steps:
          - parallel:
              - { id: boom, run: 'sleep 0.3; exit 1' }
              - { id: watch, when: always, run: 'sleep 1; touch {{_dir}}/watch-done' }
              - sequential:
                  - parallel:
                      wait: none
                      steps:
                        - { id: bg, run: 'sleep 1; touch {{_dir}}/bg-done' }
                  - { id: fg, run: 'sleep 20' }
                  - { id: cleanup, when: always, run: 'touch {{_dir}}/cleanup-done' }
        """;

    [Fact]
    public async Task Fail_fast_one_level_down_spares_detached_children_and_when_always_steps_in_run_and_simulate()
    {
        var pipeline = Path.Combine(_dir, "nested.yaml");
        await File.WriteAllTextAsync(pipeline, Yaml());

        using var run = CliProcess.Start("run", pipeline, "--json", "--store", "memory");
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = await run.StandardOutput.ReadToEndAsync();
        await run.ExitWithin();

        Assert.True(run.ExitCode == 1, await stderr);
        var real = Statuses(stdout);
        Assert.Equal("failed", real["boom"]);
        Assert.Equal("succeeded", real["watch"]);
        Assert.Equal("succeeded", real["bg"]);
        Assert.Equal("cancelled", real["fg"]);
        Assert.Equal("succeeded", real["cleanup"]);
        Assert.All(new[] { "watch-done", "bg-done", "cleanup-done" }, f => Assert.True(File.Exists(Path.Combine(_dir, f)), f));

        var simulated = new StringWriter();
        Assert.Equal(0, SimulateCommand.Run(pipeline, [], [], ["boom"], json: true, simulated, new StringWriter()));
        var sim = Statuses(simulated.ToString());
        Assert.All(new[] { "boom", "watch", "bg", "fg", "cleanup" }, id => Assert.Equal(real[id], sim[id]));
    }

    private static Dictionary<string, string> Statuses(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("status").GetString()!);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
