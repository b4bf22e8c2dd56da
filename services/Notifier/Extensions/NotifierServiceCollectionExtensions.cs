using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Notifier.Consumers;
using Platform.Notifier.Delivery;
using Platform.Notifier.Notifications;
using Platform.Notifier.Options;
using Platform.Notifier.Telemetry;
using Polly;

namespace Platform.Notifier.Extensions;

public static class NotifierServiceCollectionExtensions
{
    /// <summary>
    /// The Notifier's services: options from configuration section <c>Notifier</c> (when an
    /// IConfiguration is registered), the senders, the in-memory notification log (register another
    /// <see cref="INotificationLog"/> first to replace it) and the webhook client with retries.
    /// Safe to call twice.
    /// </summary>
    public static IServiceCollection AddNotifier(this IServiceCollection services, Action<NotifierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(NotificationDispatcher)))
        {
            return services;
        }

        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NotifierOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(NotifierOptions.SectionName).Bind(options))
            .PostConfigure(options => configure?.Invoke(options));

        services.TryAddSingleton<INotificationLog>(provider =>
            provider.GetRequiredService<IOptions<NotifierOptions>>().Value.Store is { Length: > 0 } store
                ? new SqliteNotificationLog(store, provider.GetRequiredService<TimeProvider>())
                : new InMemoryNotificationLog(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<NotifierMetrics>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<INotificationSender, LogNotifier>();
        services.AddSingleton<INotificationSender, WebhookSender>();
        services.AddSingleton<INotificationSender, EmailSender>();

        services.AddHttpClient(WebhookSender.HttpClientName, client =>
            {
                // The resilience pipeline owns every timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("platform-notifier");
            })
            .AddResilienceHandler("webhook", ConfigureWebhookResilience);

        return services;
    }

    public static IBusRegistrationConfigurator AddNotifierConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<RunFinishedConsumer, RunFinishedConsumerDefinition>();
        return bus;
    }

    /// <summary>Total timeout → retry with exponential backoff → per-attempt timeout.</summary>
    private static void ConfigureWebhookResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<NotifierOptions>>().Value.Webhook;
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<WebhookSender>();

        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                OnRetry = retry =>
                {
                    var reason = retry.Outcome.Exception?.Message
                        ?? $"HTTP {(int?)retry.Outcome.Result?.StatusCode}";
                    logger.LogInformation(
                        "Webhook {Url} attempt {Attempt} failed ({Reason}); retrying in {DelayMilliseconds:0} ms",
                        retry.Outcome.Result?.RequestMessage?.RequestUri,
                        retry.AttemptNumber + 1,
                        reason,
                        retry.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
