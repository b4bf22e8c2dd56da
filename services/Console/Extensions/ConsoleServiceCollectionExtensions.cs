using Microsoft.Extensions.Options;
using Platform.Storage;
using Platform.Web;
using Platform.Web.Auth;

namespace Platform.WebConsole.Extensions;

/// <summary>The Console's composition: the run store it reads, the web module speaking to the Coordinators over the bus.</summary>
public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddConsole(this IServiceCollection services, ApiToken token)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName);
        services.AddSingleton(provider => RunStores.Open(provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.StoreLocation));
        // Cancels and approvals as bus messages: whichever Coordinator owns the run takes them.
        services.AddPlatformWeb(token, o => o.CommandsThroughStore = false);
        return services;
    }

    /// <summary>Binds <see cref="ConsoleOptions.DefaultUrl"/> (127.0.0.1) unless an address was configured.</summary>
    public static WebApplicationBuilder ListenOnLoopbackUnlessTold(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(ConsoleOptions.DefaultUrl);
        }

        return builder;
    }
}
