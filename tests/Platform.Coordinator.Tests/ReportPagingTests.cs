using Platform.Contracts;

namespace Platform.Coordinator.Tests;

/// <summary>A large report travels in pages before RunFinished; a small one inside it.</summary>
public class ReportPagingTests
{
    [Fact]
    public async Task A_report_longer_than_a_page_comes_in_pages_that_hold_every_row_once()
    {
        await using var h = await RunHarness.StartAsync();
        var items = string.Join(",", Enumerable.Range(0, 1_200));
        var id = await h.SubmitAsync(
            "id: wide\ninputs:\n  items: { type: list }\nsteps:\n  - forEach:\n      id: each\n      items: \"{{ inputs.items }}\"\n      steps:\n        - { id: s, sleep: 1ms }\n",
            inputs: new Dictionary<string, string> { ["items"] = items });
        var run = await h.FinishedAsync(id);

        Assert.Equal("succeeded", run.Status);
        Assert.Empty(run.Steps);
        Assert.Equal(3, run.ReportPages); // 1 forEach row + 1,200 item rows + 1,200 steps
        Assert.Equal(new Dictionary<string, int> { ["succeeded"] = 1_200 }, run.StepCounts);

        var pages = h.Published<RunReportPage>(run.RunId, p => p.RunId).OrderBy(p => p.Page).ToList();
        Assert.Equal([0, 1, 2], pages.Select(p => p.Page));
        var rows = pages.SelectMany(p => p.Rows).ToList();
        Assert.Equal(2_401, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(1_200, rows.Count(r => r.Kind == "step" && r.Status == "succeeded"));
        Assert.Equal("7", rows.Single(r => r.Id == "each[7]").Item);
    }

    [Fact]
    public async Task A_short_report_stays_inside_run_finished()
    {
        await using var h = await RunHarness.StartAsync();
        var run = await h.RunAsync("id: short\nsteps:\n  - { id: a, sleep: 1ms }\n");

        Assert.Equal(0, run.ReportPages);
        Assert.Equal("a", Assert.Single(run.Steps).Id);
        Assert.Empty(h.Published<RunReportPage>(run.RunId, p => p.RunId));
    }
}
