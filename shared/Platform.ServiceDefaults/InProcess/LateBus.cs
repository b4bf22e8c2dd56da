using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.InProcess;

/// <summary>
/// The bus, resolved when a message first goes out rather than when its user is built. Building
/// MassTransit's bus is most of a fresh process's start (its endpoints, pipes and topology): the embedded
/// CLI builds it while its first steps already run, so what a step's start needs (the executor, its
/// runners, the result reporter) must not wait for it. <see cref="Exists"/> is false where no bus is
/// registered at all (the runners composed alone, in tests).
/// </summary>
public sealed class LateBus(IServiceProvider services)
{
    public bool Exists { get; } = services.GetService<IServiceProviderIsService>()?.IsService(typeof(IBus)) == true;

    private IBus? _bus;

    /// <summary>The bus; the first call builds it (or waits while another thread does), later ones reuse it.</summary>
    public IBus Bus => _bus ??= services.GetRequiredService<IBus>();
}
