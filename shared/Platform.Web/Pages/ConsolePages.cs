using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Platform.Web.Pages;

/// <summary>The console's pages and assets, all served by this assembly.</summary>
internal static class ConsolePages
{
    public static void MapConsolePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Content("<!doctype html><title>Platform</title>", "text/html")).ExcludeFromDescription();
    }
}
