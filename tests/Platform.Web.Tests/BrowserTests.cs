using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests;

/// <summary>The console in a real browser against <c>platform serve</c>: what a user sees and clicks.</summary>
public sealed class BrowserTests(ServeProcess serve, Chromium chromium) : IClassFixture<Chromium>
{
    /// <summary>Where the run page's screenshot is stored (the README shows it: docs/console-run.png).</summary>
    public static string ScreenshotPath => Path.Combine(
        Environment.GetEnvironmentVariable("PLATFORM_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts"), "console-run.png");

    [Fact]
    public async Task A_run_started_from_the_api_appears_live_its_bars_grow_its_gate_is_approved_by_a_click_and_it_succeeds()
    {
        var page = await chromium.PageAsync();
        await Chromium.KeepEvidenceAsync(page, nameof(A_run_started_from_the_api_appears_live_its_bars_grow_its_gate_is_approved_by_a_click_and_it_succeeds), async () =>
        {
            await page.GotoAsync(new Uri(serve.BaseAddress, $"/?token={ServeProcess.Token}").ToString());
            Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal); // taken once, kept in the cookie
            await Expect(page.Locator("h1")).ToHaveTextAsync("Runs");

            using var client = serve.Client();
            var runId = await ApiCalls.SubmitAsync(client, """
                id: release
                steps:
                  - { id: checkout, run: 'echo "checked out revision 42"' }
                  - parallel:
                      - { id: unit-tests, run: 'for i in 1 2 3; do echo "test $i ok"; sleep 0.3; done' }
                      - { id: lint, run: echo lint clean }
                      - { id: build-image, sleep: 1500ms }
                  - { id: ship-it, approval: { message: Deploy to production? } }
                  - { id: deploy, run: echo deployed }
                """, runId: $"release-{Guid.NewGuid():N}"[..16]);

            // The runs list refreshes itself: the new run appears without a reload.
            var row = page.Locator($"tr[data-run='{runId}']");
            await Expect(row).ToBeVisibleAsync();
            await row.Locator("a").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/runs/{Regex.Escape(runId)}$"));

            // Bars appear as steps run: queued and running segments of the first step.
            await Expect(page.Locator("svg.gantt g.row[data-step='checkout'] rect.seg-running")).ToHaveCountAsync(1);
            await Expect(page.Locator("svg.gantt g.row[data-step='checkout'] rect.seg-queued")).ToHaveCountAsync(1);

            // The gate waits; one click approves it.
            var approve = page.Locator("tr[data-step='ship-it'] button.approve");
            await approve.ClickAsync();
            await Expect(page.Locator(".run-status [data-status]")).ToHaveAttributeAsync("data-status", "succeeded");
            await Expect(page.Locator("svg.gantt g.row.step rect.seg-running")).ToHaveCountAsync(5);
            await Expect(page.Locator("svg.gantt g.row[data-step='ship-it'] rect.seg-waiting")).ToHaveCountAsync(1);
            await Expect(page.Locator(".critical-path")).ToContainTextAsync("checkout");
            await Expect(page.Locator(".graph .gn[data-step='deploy']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-succeeded"));

            await page.Locator("button[data-log='unit-tests']").ClickAsync();
            await Expect(page.Locator("#log")).ToContainTextAsync("test 3 ok");

            Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = true });
            Assert.True(new FileInfo(ScreenshotPath).Length > 10_000);

            var report = await ApiCalls.FinishedAsync(client, runId);
            Assert.Equal("approved", report.Step("ship-it").GetProperty("approval").GetProperty("decision").GetString());
        });
    }

    [Fact]
    public async Task The_editor_shows_errors_at_their_line_then_the_simulated_critical_path_and_a_toggled_group_run_sequential()
    {
        var page = await chromium.PageAsync();
        await Chromium.KeepEvidenceAsync(page, nameof(The_editor_shows_errors_at_their_line_then_the_simulated_critical_path_and_a_toggled_group_run_sequential), async () =>
        {
            await page.GotoAsync(new Uri(serve.BaseAddress, $"/editor?token={ServeProcess.Token}").ToString());

            await page.Locator("textarea[name=pipeline]").FillAsync("id: broken\nsteps:\n  - { id: a, slep: 1s }\n");
            await page.Locator("#editor button[type=submit]").ClickAsync();
            await Expect(page.Locator(".problems")).ToContainTextAsync("pipeline.yaml:3:");
            await page.Locator(".problems a.at").First.ClickAsync(); // puts the cursor on the error's line
            var cursor = await page.EvaluateAsync<int>("document.querySelector('textarea').selectionStart");
            Assert.InRange(cursor, "id: broken\nsteps:\n".Length, "id: broken\nsteps:\n  - { id: a, slep: 1s }".Length);

            await page.Locator("textarea[name=pipeline]").FillAsync("id: fan\nsteps:\n  - { id: setup, sleep: 2s }\n  - parallel:\n      - { id: short, sleep: 3s }\n      - { id: long, sleep: 10s }\n");
            await page.Locator("#editor button[type=submit]").ClickAsync();
            await Expect(page.Locator(".critical-path")).ToHaveTextAsync("setup → long");
            await Expect(page.Locator(".wall")).ToHaveTextAsync("12.0s");
            await Expect(page.Locator(".sequential-wall")).ToHaveTextAsync("15.0s");
            await Expect(page.Locator("svg.gantt rect.bar.critical")).ToHaveCountAsync(2);

            // Toggle and simulate: the parallel group one child at a time.
            await page.Locator("input[name=group][value='parallel-2']").CheckAsync();
            await Expect(page.Locator(".wall")).ToHaveTextAsync("15.0s");
            await Expect(page.Locator(".declared-wall")).ToHaveTextAsync("12.0s");
            await Expect(page.Locator(".critical-path")).ToHaveTextAsync("setup → short → long");
            await Expect(page.Locator(".graph .gn[data-step='long']")).ToBeVisibleAsync(); // the graph before any run

            await page.Locator("textarea[name=pipeline]").FillAsync("id: from-the-editor\nsteps:\n  - { id: hello, run: echo hi }\n");
            await page.Locator("#run-pipeline").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/runs/[^/]+$"));
            await Expect(page.Locator(".run-status [data-status]")).ToHaveAttributeAsync("data-status", "succeeded");
        });
    }

    [Fact]
    public async Task A_run_is_cancelled_with_its_button_and_re_run_with_another_which_opens_the_new_run()
    {
        var page = await chromium.PageAsync();
        await Chromium.KeepEvidenceAsync(page, nameof(A_run_is_cancelled_with_its_button_and_re_run_with_another_which_opens_the_new_run), async () =>
        {
            page.Dialog += (_, dialog) => dialog.AcceptAsync(); // "Cancel this run?" — yes
            await page.GotoAsync(new Uri(serve.BaseAddress, $"/?token={ServeProcess.Token}").ToString());
            using var client = serve.Client();
            var marker = Path.Combine(serve.PipelineFolder, $"go-{Guid.NewGuid():N}");
            var runId = await ApiCalls.SubmitAsync(client, $$"""
                id: browser-cancel
                steps:
                  - { id: prepare, run: echo ready }
                  - { id: wait-for-go, run: 'test -f {{marker}} || sleep 600' }
                """);
            await page.GotoAsync(new Uri(serve.BaseAddress, $"/runs/{runId}").ToString());
            await Expect(page.Locator("tr[data-step='wait-for-go'] [data-status]")).ToHaveAttributeAsync("data-status", "running");

            await page.Locator("button.cancel").ClickAsync();
            await Expect(page.Locator(".run-status [data-status]")).ToHaveAttributeAsync("data-status", "cancelled");

            await File.WriteAllTextAsync(marker, "");
            await page.Locator("button.rerun").ClickAsync();
            // The URL is polled: WaitForURL also waits for a load event, and timed out when the new page had arrived first.
            await Expect(page).ToHaveURLAsync(new Regex($"/runs/(?!{Regex.Escape(runId)})[^/]+$"));
            await Expect(page.Locator(".run-status [data-status]")).ToHaveAttributeAsync("data-status", "succeeded");
            await Expect(page.Locator(".summary")).ToContainTextAsync($"re-run of {runId[..8]}");
            await Expect(page.Locator("tr[data-step='prepare'] td.reason")).ToContainTextAsync("reused");
        });
    }

    [Fact]
    public async Task Without_the_token_the_console_shows_nothing_but_how_to_get_in()
    {
        var page = await chromium.PageAsync();
        await Chromium.KeepEvidenceAsync(page, nameof(Without_the_token_the_console_shows_nothing_but_how_to_get_in), async () =>
        {
            var response = await page.GotoAsync(serve.BaseAddress.ToString());

            Assert.Equal(401, response!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("A token is needed");
            await Expect(page.Locator("table.runs")).ToHaveCountAsync(0);
        });
    }
}
