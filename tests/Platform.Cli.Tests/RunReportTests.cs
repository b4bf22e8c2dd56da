using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>What <c>run --json</c> prints: every row once, with names, kinds, items and microsecond times.</summary>
public sealed class RunReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-report-").FullName;

    [Fact]
    public async Task A_run_of_more_steps_than_a_report_page_prints_every_row_once_with_names_and_items()
    {
        var pipeline = Path.Combine(_dir, "wide.yaml");
        await File.WriteAllTextAsync(pipeline,
            "id: wide\ninputs:\n  items: { type: list }\nsteps:\n  - { id: first, name: First step, sleep: 1ms }\n"
            + "  - forEach:\n      id: each\n      items: \"{{ inputs.items }}\"\n      steps:\n        - { id: s, name: Sleep a bit, sleep: 1ms }\n");

        using var run = CliProcess.Start("run", pipeline, "--json", "--store", "memory", "--input", "items=" + string.Join(",", Enumerable.Range(0, 1_100)));
        // Both pipes are drained together: 2,200 progress lines would fill stderr's pipe and block the CLI.
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = await run.StandardOutput.ReadToEndAsync();
        await run.ExitWithin();

        Assert.True(run.ExitCode == 0, await stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(1 + 1 + 1_100 + 1_100, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal("First step", rows[0].GetProperty("name").GetString());
        var item = rows.Single(r => r.GetProperty("id").GetString() == "each[42]");
        Assert.Equal("group", item.GetProperty("kind").GetString());
        Assert.Equal("42", item.GetProperty("item").GetString());
        var step = rows.Single(r => r.GetProperty("id").GetString() == "s[42]");
        Assert.Equal("Sleep a bit", step.GetProperty("name").GetString());
        Assert.Equal("each[42]", step.GetProperty("parent").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", step.GetProperty("startedAt").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
