using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// <c>PLATFORM_STARTUP_TRACE=1</c>: the phases of a fresh run's start, which <c>bench/startup.py</c>
/// reads, come in order and beside an unchanged report; without it, none of them is printed. The
/// warm-up thread that runs meanwhile changes nothing a run reports.
/// </summary>
public sealed class StartupTraceTests
{
    private const string OneStep = "id: one\nsteps:\n  - { id: first, sleep: 0ms }\n  - { id: second, run: 'echo done' }\n";

    [Fact]
    public async Task With_the_trace_on_the_start_up_phases_come_in_order_beside_the_usual_report()
    {
        using var pipeline = new TempPipeline(OneStep);

        var result = await CliResult.RunAsync(new Dictionary<string, string?> { ["PLATFORM_STARTUP_TRACE"] = "1" },
            "run", pipeline.Path, "--store", "memory", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var marks = result.Stderr.Split('\n')
            .Where(l => l.StartsWith("platform: ", StringComparison.Ordinal) && l.Contains(" at 20", StringComparison.Ordinal))
            .Select(l => l["platform: ".Length..].Split(" at "))
            .Select(p => (Phase: p[0], At: DateTimeOffset.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        string[] mainPhases = ["arguments parsed", "pipeline loaded", "host built", "host started", "run submitted"];
        var main = marks.Where(m => mainPhases.Contains(m.Phase)).ToList();
        Assert.Equal(mainPhases, main.Select(m => m.Phase));
        Assert.Equal(main.Select(m => m.At).Order(), main.Select(m => m.At));
        // The warm-up thread begins before the arguments are parsed; what it reached before the run ended, it reached in its order.
        string[] warmUpPhases = ["warm-up: statics", "warm-up: state machine", "warm-up: engine", "warm-up: services"];
        var warmUp = marks.Where(m => m.Phase.StartsWith("warm-up: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(warmUpPhases.Where(p => warmUp.Any(m => m.Phase == p)), warmUp.Select(m => m.Phase));
        Assert.Equal(warmUp.Select(m => m.At).Order(), warmUp.Select(m => m.At));

        var steps = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["first", "second"], steps.Select(s => s.GetProperty("id").GetString()));
        Assert.All(steps, s => Assert.Equal("succeeded", s.GetProperty("status").GetString()));
        Assert.All(steps, s => Assert.True(s.GetProperty("startedAt").GetDateTimeOffset() >= main[0].At));
    }

    [Fact]
    public async Task Without_the_trace_no_phase_is_printed()
    {
        using var pipeline = new TempPipeline(OneStep);

        var result = await CliResult.RunAsync(new Dictionary<string, string?> { ["PLATFORM_STARTUP_TRACE"] = null },
            "run", pipeline.Path, "--store", "memory");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("arguments parsed", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("warm-up", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("second succeeded", result.Stderr, StringComparison.Ordinal);
    }
}
