using System.Text.Json;
using Platform.Cli.Commands;

namespace Platform.Cli.Tests;

public class SimulateCommandTests
{
    private const string Release = """
        id: release
        steps:
          - { id: build, sleep: 2s }
          - parallel:
              steps:
                - { id: unit, sleep: 3s }
                - { id: lint, sleep: 1s }
          - { id: ship, run: ./ship.sh }
          - { id: rollback, when: failure, run: ./rollback.sh }
        """;

    private static (int Code, JsonElement Json, string Stderr) Simulate(string yaml, string[]? durations = null, string[]? fail = null)
    {
        using var file = new TempPipeline(yaml);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = SimulateCommand.Run(file.Path, durations ?? [], [], fail ?? [], json: true, stdout, stderr);
        var json = code == 0 ? JsonDocument.Parse(stdout.ToString()).RootElement.Clone() : default;
        return (code, json, stderr.ToString());
    }

    private static JsonElement Step(JsonElement report, string id) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    [Fact]
    public void Simulate_json_reports_wall_and_sequential_seconds_and_the_critical_path()
    {
        var (code, json, _) = Simulate(Release);

        Assert.Equal(0, code);
        Assert.Equal("release", json.GetProperty("pipeline").GetString());
        Assert.Equal("succeeded", json.GetProperty("status").GetString());
        Assert.Equal(6, json.GetProperty("wallSeconds").GetDouble());
        Assert.Equal(7, json.GetProperty("sequentialSeconds").GetDouble());
        Assert.Equal(["build", "unit", "ship"], json.GetProperty("criticalPath").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("1970-01-01T00:00:00.000000Z", json.GetProperty("startedAt").GetString());
        Assert.Equal("1970-01-01T00:00:05.000000Z", Step(json, "ship").GetProperty("startedAt").GetString());
    }

    [Fact]
    public void Every_step_appears_once_in_order_and_skipped_ones_have_no_times()
    {
        var (_, json, _) = Simulate(Release);

        Assert.Equal(["build", "parallel-2", "unit", "lint", "ship", "rollback"], json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["step", "group", "step", "step", "step", "step"], json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal("parallel-2", Step(json, "unit").GetProperty("parent").GetString());
        var rollback = Step(json, "rollback");
        Assert.Equal("skipped", rollback.GetProperty("status").GetString());
        Assert.False(rollback.TryGetProperty("startedAt", out _));
        Assert.False(rollback.TryGetProperty("finishedAt", out _));
    }

    [Fact]
    public void Durations_given_on_the_command_line_override_the_default_of_one_second()
    {
        var (_, json, _) = Simulate(Release, durations: ["ship=10s", "lint=5s"]);

        Assert.Equal(17, json.GetProperty("wallSeconds").GetDouble());
        Assert.Equal(["build", "lint", "ship"], json.GetProperty("criticalPath").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_failing_step_shows_fail_fast_and_the_failure_handler()
    {
        var (_, json, _) = Simulate(Release, fail: ["lint"]);

        Assert.Equal("failed", json.GetProperty("status").GetString());
        Assert.Equal("cancelled", Step(json, "unit").GetProperty("status").GetString());
        Assert.Equal("skipped", Step(json, "ship").GetProperty("status").GetString());
        Assert.Equal("succeeded", Step(json, "rollback").GetProperty("status").GetString());
    }

    [Fact]
    public void Without_json_the_timeline_draws_a_bar_per_step_and_names_the_critical_path()
    {
        using var file = new TempPipeline(Release);
        var stdout = new StringWriter();

        Assert.Equal(0, SimulateCommand.Run(file.Path, [], [], [], json: false, stdout, new StringWriter()));
        var text = stdout.ToString();
        Assert.Contains("critical path: build → unit → ship", text, StringComparison.Ordinal);
        Assert.Contains("1.17× speed-up", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("  unit ", StringComparison.Ordinal) && l.Contains('█'));
        Assert.Single(text.Split('\n'), l => l.StartsWith("parallel-2 ", StringComparison.Ordinal) && l.Contains('─'));
        Assert.Contains("legend: █ step on the critical path", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_or_failure_for_a_step_that_does_not_exist_exits_2_naming_it()
    {
        var (code, _, stderr) = Simulate(Release, durations: ["biuld=2s"]);
        Assert.Equal(2, code);
        Assert.Contains("--duration biuld: the pipeline has no step", stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'build'", stderr, StringComparison.Ordinal);

        Assert.Equal(2, Simulate(Release, fail: ["nope"]).Code);
        Assert.Equal(0, Simulate(Release, fail: ["unit"]).Code);
    }

    [Fact]
    public void A_bad_duration_option_or_an_invalid_pipeline_exits_2()
    {
        Assert.Equal(2, Simulate(Release, durations: ["ship=soon"]).Code);
        Assert.Equal(2, Simulate("id: x\nsteps: 3\n").Code);
    }
}
