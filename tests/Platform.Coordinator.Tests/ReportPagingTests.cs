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
    public void A_paged_report_still_names_the_first_twenty_failed_steps_in_run_finished()
    {
        var at = DateTimeOffset.UnixEpoch;
        var rows = Enumerable.Range(0, 1_500).Select(i => new Pipelines.Engine.StepRecord($"s{i}", null,
            i % 50 == 7 ? Pipelines.Engine.StepStatus.Failed : i == 3 ? Pipelines.Engine.StepStatus.TimedOut : Pipelines.Engine.StepStatus.Succeeded,
            at, at, 1, 0, new Dictionary<string, string>(), null)).ToList();
        var report = new Pipelines.Engine.RunReport("r", "wide", Pipelines.Engine.RunStatus.Failed, at, at, rows);
        var pipeline = Pipelines.Loading.PipelineLoader.Load("id: wide\nsteps:\n  - { id: a, sleep: 1ms }\n", "wide.yaml").Pipeline!;

        var (pages, finished) = Running.MessageMapper.ToRunFinished(Guid.NewGuid(), report, pipeline, at);

        Assert.NotEmpty(pages);
        Assert.Empty(finished.Steps);
        Assert.Equal(["s3", "s7", "s57"], finished.FailedSteps!.Take(3).Select(s => s.Id));
        Assert.Equal(20, finished.FailedSteps!.Count); // of 31: a notification stays short
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
