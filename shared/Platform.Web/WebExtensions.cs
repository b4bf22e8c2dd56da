using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Web.Api;
using Platform.Web.Auth;
using Platform.Web.Pages;
using Platform.Web.Runs;

namespace Platform.Web;

/// <summary>The HTTP API and the console, composed into any ASP.NET Core host: <c>platform serve</c> or services/Console.</summary>
public static class WebExtensions
{
    /// <summary>
    /// Needs an <see cref="Storage.IRunStore"/> and MassTransit's <c>IBus</c> registered by the host.
    /// Options come from configuration section <c>Web</c>, then <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPlatformWeb(this IServiceCollection services, ApiToken token, Action<WebOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).PostConfigure(o => configure?.Invoke(o));
        services.AddSingleton(token);
        services.AddSingleton<RunReader>();
        services.AddSingleton<RunControl>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            // Statuses are enums inside and their wire words outside: "timed-out", "retry-wait".
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        return services;
    }

    /// <summary>The token gate first, then <c>/openapi/v1.json</c>, the API under <c>/api</c> and the console pages.</summary>
    public static WebApplication MapPlatformWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<TokenGate>();
        app.MapOpenApi();
        app.MapRunEndpoints();
        app.MapPipelineEndpoints();
        app.MapConsolePages();
        return app;
    }
}
