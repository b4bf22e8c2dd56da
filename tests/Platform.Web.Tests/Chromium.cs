using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>, installed by .ci/run) driven by Playwright, headless:
/// Playwright's own browser download cannot work on these machines. One browser per test class.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install -y chromium (.ci/run does)");
        // Expect(...) waits 5 s by default: a busy two-core machine needs longer; every wait stays bounded.
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
    }

    /// <summary>A fresh page (its own cookies) whose every wait gives up after <paramref name="timeoutMs"/>.</summary>
    public async Task<IPage> PageAsync(float timeoutMs = 60_000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(timeoutMs);
        context.SetDefaultNavigationTimeout(timeoutMs);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs a test's steps on <paramref name="page"/>; when one fails, the page's screenshot and HTML are kept
    /// beside the other artifacts (<c>failed-NAME.png</c>, <c>.html</c>) before the failure is reported.
    /// </summary>
    public static async Task KeepEvidenceAsync(IPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception)
        {
            await SaveAsync(page, name);
            throw;
        }
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        try
        {
            var folder = Path.GetDirectoryName(BrowserTests.ScreenshotPath)!;
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"failed-{name}.png"), FullPage = true, Timeout = 10_000 });
            await File.WriteAllTextAsync(Path.Combine(folder, $"failed-{name}.html"), await page.ContentAsync());
        }
        catch (PlaywrightException)
        {
            // The page itself is gone: the failure is reported without the evidence.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
