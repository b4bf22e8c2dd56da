using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Coordinator.Locks;

namespace Platform.Coordinator.Extensions;

/// <summary>The lock table's driver (<c>lock:</c> on steps and groups), options from section <c>Locks</c>.</summary>
public static class LockServiceCollectionExtensions
{
    public static IServiceCollection AddCoordinatorLocks(this IServiceCollection services)
    {
        services.AddOptions<LockOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(LockOptions.SectionName).Bind(options));
        services.AddSingleton<RunLocks>();
        services.AddHostedService(provider => provider.GetRequiredService<RunLocks>());
        return services;
    }
}
