using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts;
using Platform.ServiceDefaults.InProcess;
using Platform.ServiceDefaults.Signing;

namespace Platform.Coordinator.Saga;

/// <summary>
/// In one process with the Executor (the embedded default), step results reach the run saga through
/// MassTransit's mediator instead of the in-memory transport: the same state machine, saga definition
/// (retry, in-memory outbox, partitioner) and in-memory repository — one instance per run, shared with
/// the bus, locked while a message is applied — without serialising the result, queueing it on an
/// exchange and a queue, and waking the endpoint's readers. What the saga publishes while handling a
/// result goes to the mediator once the instance is saved; <see cref="BusRelay"/> passes every such
/// message on to the bus, signature included. Not registered when the services run apart.
/// </summary>
public static class InProcessResults
{
    /// <summary>What the saga publishes, relayed to the bus: the message types <see cref="BusRelay"/> consumes.</summary>
    public static IReadOnlyList<Type> Relayed { get; } =
    [
        .. typeof(BusRelay).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]),
    ];

    /// <summary>What the saga consumes itself (its events): never relayed, or they would loop back to it over the bus.</summary>
    public static IReadOnlyList<Type> Consumed { get; } =
    [
        .. typeof(RunStateMachine).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Event<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0]),
    ];

    public static IServiceCollection AddInProcessResults(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<LateBus>();
        services.TryAddSingleton<BusStart>();
        services.AddMediator(mediator =>
        {
            mediator.AddSagaStateMachine<RunStateMachine, RunState, RunStateDefinition>().InMemoryRepository();
            // One consumer for every relayed type: building the mediator (in a fresh CLI, while its first steps wait)
            // costs per consumer type, and a generic relay per contract cost most of it.
            mediator.AddConsumer<BusRelay>();
            mediator.ConfigureMediator((_, configurator) => configurator.ConfigurePublish(p => p.UseFilter(new UnrelayedGuard())));
        });
        return services;
    }
}

/// <summary>
/// Messages the saga published on the mediator, passed on to the bus as they came (with their command
/// signature). A message the saga newly publishes must be added here: <see cref="UnrelayedGuard"/>
/// refuses any other run contract on the mediator rather than let it vanish there. Before the bus has
/// started (a new embedded run starts first: <see cref="BusStart"/>) they are queued, in order, and the
/// saga goes on with its run.
/// </summary>
public sealed class BusRelay(LateBus bus, BusStart start) :
    IConsumer<RunStarted>,
    IConsumer<RunRejected>,
    IConsumer<RunProgressed>,
    IConsumer<RunReportPage>,
    IConsumer<RunFinished>,
    IConsumer<ApprovalAnswered>,
    IConsumer<ExecuteStep>,
    IConsumer<CancelStep>,
    IConsumer<MergeWorkspaceLayers>
{
    public Task Consume(ConsumeContext<RunStarted> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<RunRejected> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<RunProgressed> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<RunReportPage> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<RunFinished> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<ApprovalAnswered> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<ExecuteStep> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<CancelStep> context) => RelayAsync(context);

    public Task Consume(ConsumeContext<MergeWorkspaceLayers> context) => RelayAsync(context);

    private Task RelayAsync<T>(ConsumeContext<T> context)
        where T : class
    {
        var message = context.Message;
        var signature = context.Headers.Get<string>(CommandSigningKey.Header);
        return start.SendOrDefer(() => signature is null
            ? bus.Bus.Publish(message)
            : bus.Bus.Publish(message, publish => publish.Headers.Set(CommandSigningKey.Header, signature)));
    }
}

/// <summary>
/// On the mediator's publish pipe: a contract about a run that is neither relayed (<see cref="BusRelay"/>) nor
/// consumed by the saga would be dropped there without a trace. It fails instead, loudly, where it is published.
/// </summary>
public sealed class UnrelayedGuard : IFilter<PublishContext>
{
    private static readonly HashSet<Type> Known = [.. InProcessResults.Relayed, .. InProcessResults.Consumed];

    public Task Send(PublishContext context, IPipe<PublishContext> next)
    {
        if (context is SendContext<object> { Message: var message } && !Known.Contains(message.GetType()) &&
            message.GetType().Namespace == typeof(SubmitRun).Namespace)
        {
            throw new InvalidOperationException(
                $"{message.GetType().Name} was published on the in-process mediator, where nothing relays or consumes it: add it to {nameof(BusRelay)}");
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("unrelayedGuard");
}
