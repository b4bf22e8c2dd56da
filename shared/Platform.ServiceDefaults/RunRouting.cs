using MassTransit;
using Platform.Contracts;
using RabbitMQ.Client;

namespace Platform.ServiceDefaults;

/// <summary>
/// Over RabbitMQ, what a client following one run receives: that run's events, not every run's.
/// <para>
/// Every event about a run goes out with the run's id as its routing key (<see cref="UseRunRoutingKeys"/>,
/// applied by every Platform bus on RabbitMQ). Its exchange stays the message type's fanout exchange, so
/// the services (the Coordinator storing logs, the Notifier, the Executor's clean-up) still get every run's.
/// A follower instead binds its queue (<see cref="FollowRun"/>) through a topic exchange per message type,
/// <c>platform.by-run:TYPE</c>, fed by the fanout exchange, on its run's key. Before, each CLI's queue was
/// bound to the fanout exchanges themselves: every run's logs, resource samples and progress went to every
/// client following any run, and each dropped what was not its own.
/// </para>
/// </summary>
public static class RunRouting
{
    /// <summary>The prefix of the topic exchanges that route a message type's events by run.</summary>
    public const string ExchangePrefix = "platform.by-run:";

    /// <summary>The routing key of a run's events: its id, 32 hex digits.</summary>
    public static string Key(Guid runId) => runId.ToString("N");

    /// <summary>Every event about a run is published with the run's id as its routing key.</summary>
    public static void UseRunRoutingKeys(this IRabbitMqBusFactoryConfigurator rabbit)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        rabbit.Send<RunStarted>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<RunProgressed>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<RunFinished>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<RunReportPage>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<RunRejected>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<StepLogs>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<StepResourcesSampled>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
        rabbit.Send<ApprovalAnswered>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.RunId)));
    }

    /// <summary>
    /// Binds <paramref name="endpoint"/> to the events of <typeparamref name="T"/> about run <paramref name="runId"/>
    /// only. Call once per message type the endpoint consumes, with <c>ConfigureConsumeTopology</c> off (or the
    /// endpoint is bound to every run's events as well). Events without a routing key, as services older than
    /// <see cref="RunRouting"/> publish them, come too (as every run's did before): a newer client following a run
    /// on older services still hears it, and its consumer keeps dropping what is not its run's.
    /// </summary>
    public static void FollowRun<T>(this IRabbitMqReceiveEndpointConfigurator endpoint, IRabbitMqBusFactoryConfigurator rabbit, Guid runId)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(rabbit);
        var typeExchange = rabbit.MessageTopology.GetMessageTopology<T>().EntityName;
        foreach (var key in (string[])[Key(runId), ""])
        {
            endpoint.Bind(ExchangePrefix + typeof(T).Name, byRun =>
            {
                byRun.ExchangeType = ExchangeType.Topic;
                byRun.RoutingKey = key;
                // Fed by the message type's fanout exchange, declared as the publishers declare it.
                byRun.Bind(typeExchange, source =>
                {
                    source.ExchangeType = ExchangeType.Fanout;
                    source.RoutingKey = ""; // one binding, the same for every follower (a fanout exchange ignores the key)
                });
            });
        }
    }
}
