using Microsoft.AspNetCore.Http;

namespace Platform.Web.Pages;

/// <summary>The console's stylesheet and script, embedded in this assembly (no CDN, nothing fetched from the internet).</summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static IResult Serve(string name)
    {
        var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"assets/{name}");
        return stream is null || !Types.TryGetValue(Path.GetExtension(name), out var type)
            ? Results.NotFound()
            : Results.Stream(stream, type);
    }
}
