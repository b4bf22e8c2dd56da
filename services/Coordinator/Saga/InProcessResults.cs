using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.ServiceDefaults.Signing;

namespace Platform.Coordinator.Saga;

/// <summary>
/// In one process with the Executor (the embedded default), step results reach the run saga through
/// MassTransit's mediator instead of the in-memory transport: the same state machine, saga definition
/// (retry, in-memory outbox, partitioner) and in-memory repository — one instance per run, shared with
/// the bus, locked while a message is applied — without serialising the result, queueing it on an
/// exchange and a queue, and waking the endpoint's readers. What the saga publishes while handling a
/// result goes to the mediator once the instance is saved; <see cref="BusRelay{T}"/> passes every such
/// message on to the bus, signature included. Not registered when the services run apart.
/// </summary>
public static class InProcessResults
{
    /// <summary>
    /// What is relayed: every contract about a run (a public <c>Guid RunId</c>) except what the saga
    /// consumes itself (its events), so no message the saga publishes on the mediator, now or later, is
    /// dropped there, and none of its own inputs loops back to it over the bus.
    /// </summary>
    public static IReadOnlyList<Type> Relayed { get; } =
    [
        .. typeof(SubmitRun).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.GetProperty("RunId")?.PropertyType == typeof(Guid))
            .Except(typeof(RunStateMachine).GetProperties()
                .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Event<>))
                .Select(p => p.PropertyType.GetGenericArguments()[0])),
    ];

    public static IServiceCollection AddInProcessResults(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMediator(mediator =>
        {
            mediator.AddSagaStateMachine<RunStateMachine, RunState, RunStateDefinition>().InMemoryRepository();
            foreach (var type in Relayed)
            {
                mediator.AddConsumer(typeof(BusRelay<>).MakeGenericType(type));
            }
        });
        return services;
    }
}

/// <summary>A message the saga published on the mediator, passed on to the bus as it came (with its command signature).</summary>
public sealed class BusRelay<T>(IBus bus) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        var signature = context.Headers.Get<string>(CommandSigningKey.Header);
        return signature is null
            ? bus.Publish(context.Message, context.CancellationToken)
            : bus.Publish(context.Message, publish => publish.Headers.Set(CommandSigningKey.Header, signature), context.CancellationToken);
    }
}
