using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Notifier.Delivery;
using Platform.Notifier.Extensions;
using Platform.Notifier.Notifications;
using Platform.Notifier.Options;

namespace Platform.Notifier.Tests;

public sealed class NotificationDispatcherTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddNotifier()
        .Configure<NotifierOptions>(o =>
        {
            o.Webhook.FirstRetryDelay = TimeSpan.FromMilliseconds(20);
            o.Webhook.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.Webhook.TotalTimeout = TimeSpan.FromSeconds(10);
        })
        .BuildServiceProvider();

    private NotificationDispatcher Dispatcher => _services.GetRequiredService<NotificationDispatcher>();

    private static RunFinished Run(string status, string webhook, params string[] on) => new(
        Guid.NewGuid(), "release", status, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow,
        [new StepReport("build", status == "succeeded" ? "succeeded" : "failed", DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow, 1, 1, new Dictionary<string, string>(), null)],
        [new NotifyTarget(on.Length == 0 ? ["succeeded", "failed", "cancelled"] : on, webhook, null, null)]);

    [Fact]
    public async Task A_webhook_receives_the_run_outcome_as_json()
    {
        using var server = new WebhookServer();
        var run = Run("failed", server.Url, "failed");

        await Dispatcher.DispatchAsync(run, CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(server.Bodies)).RootElement;
        Assert.Contains(run.RunId.ToString(), body.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("failed", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_fails_twice_is_retried_until_it_succeeds()
    {
        using var server = new WebhookServer(200, 500, 503);
        var run = Run("succeeded", server.Url);

        await Dispatcher.DispatchAsync(run, CancellationToken.None);

        Assert.Equal(3, server.Bodies.Count);
        var record = Assert.Single(await _services.GetRequiredService<INotificationLog>().ForRunAsync(run.RunId, CancellationToken.None));
        Assert.Equal(NotificationOutcome.Sent, record.Outcome);
    }

    [Fact]
    public async Task A_webhook_that_always_fails_is_reported_and_never_throws()
    {
        using var server = new WebhookServer(500);
        var run = Run("failed", server.Url);

        await Dispatcher.DispatchAsync(run, CancellationToken.None);

        var record = Assert.Single(await _services.GetRequiredService<INotificationLog>().ForRunAsync(run.RunId, CancellationToken.None));
        Assert.Equal(NotificationOutcome.Failed, record.Outcome);
        Assert.True(server.Bodies.Count > 1);
    }

    [Fact]
    public async Task Only_entries_whose_outcomes_match_fire()
    {
        using var server = new WebhookServer();

        await Dispatcher.DispatchAsync(Run("succeeded", server.Url, "failed", "cancelled"), CancellationToken.None);

        Assert.Empty(server.Bodies);
    }

    [Fact]
    public async Task The_same_outcome_delivered_twice_notifies_once()
    {
        using var server = new WebhookServer();
        var run = Run("failed", server.Url);

        await Dispatcher.DispatchAsync(run, CancellationToken.None);
        await Dispatcher.DispatchAsync(run, CancellationToken.None);

        Assert.Single(server.Bodies);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
