using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Coordinator.Artifacts;

namespace Platform.Coordinator.Extensions;

/// <summary>Artifacts kept with runs (<c>artifacts:</c> on steps), caps from section <c>Artifacts</c>.</summary>
public static class ArtifactServiceCollectionExtensions
{
    public static IServiceCollection AddCoordinatorArtifacts(this IServiceCollection services)
    {
        services.AddOptions<ArtifactOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(ArtifactOptions.SectionName).Bind(options));
        return services;
    }
}
