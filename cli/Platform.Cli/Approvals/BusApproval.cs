using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Cli.Approvals;

/// <summary>
/// <c>approve --broker</c>: publishes <see cref="ApproveStep"/> and waits for the Coordinator's
/// <see cref="ApprovalAnswered"/> on a temporary queue of this process's own.
/// </summary>
internal static class BusApproval
{
    public static async Task<ApprovalAnswered?> SendAsync(RabbitMqSettings settings, ApproveStep decision, TimeSpan wait)
    {
        var watch = new ApprovalWatch(decision.RunId, decision.StepId);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(watch);
        // The answer queue must be bound before the decision goes out, or a quick answer is lost.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddPlatformMassTransit(bus =>
        {
            bus.AddConsumer<ApprovalAnsweredConsumer>().ExcludeFromConfigureEndpoints();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(settings);
                // The client role's own queues (deploy/rabbitmq), bound to this run's answers only (RunRouting).
                rabbit.ReceiveEndpoint($"platform-cli-{Guid.NewGuid():N}", e =>
                {
                    e.Durable = false;
                    e.AutoDelete = true;
                    e.ConfigureConsumeTopology = false;
                    e.FollowRun<ApprovalAnswered>(rabbit, decision.RunId);
                    e.ConfigureConsumer<ApprovalAnsweredConsumer>(context);
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(decision).ConfigureAwait(false);
            var answered = await Task.WhenAny(watch.Answer, Task.Delay(wait)).ConfigureAwait(false);
            return answered == watch.Answer ? await watch.Answer.ConfigureAwait(false) : null;
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }
}
