using System.Globalization;
using System.Net;

namespace Platform.Web.Pages;

/// <summary>The console's page frame and the few helpers every page uses. Every asset is served by this app: no CDN.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Seconds(double seconds) => seconds switch
    {
        < 10 => seconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
        < 120 => seconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        _ => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\hmm\mss\s" : @"m\mss\s", CultureInfo.InvariantCulture),
    };

    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "";

    public static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} · Platform</title>
        <link rel="stylesheet" href="/assets/console.css">
        <script src="/assets/console.js" defer></script>
        </head>
        <body>
        <header class="top"><a class="brand" href="/">Platform</a><nav><a href="/">Runs</a><a href="/editor">Editor</a><a href="/openapi/v1.json">API</a></nav></header>
        <main>
        <div id="flash" role="status"></div>
        {body}
        </main>
        </body>
        </html>
        """;
}
