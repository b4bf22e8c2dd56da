using MassTransit;
using Platform.Contracts;
using Platform.Coordinator.Submissions;

namespace Platform.Coordinator.Saga;

/// <summary>
/// Fan-in safety: all messages of one run go through one partition (keyed by RunId), so they are
/// applied one at a time in arrival order while different runs proceed in parallel. The saga
/// repository's own locking (in memory) or optimistic version check (durable stores) backs that
/// up across Coordinator replicas; a conflict is retried. The in-memory outbox sends a decision's
/// messages only after the instance was saved.
/// </summary>
public sealed class RunStateDefinition : SagaDefinition<RunState>
{
    private const int Partitions = 32;

    public RunStateDefinition()
    {
        Endpoint(e => e.Name = "run-coordinator");
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<RunState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Any failure is retried (a ConcurrencyException from another Coordinator, a store hiccup): the
        // outbox holds a failed attempt's messages back, and the engine ignores what it already applied.
        // Generous (about half a minute): with several replicas a busy run's messages may conflict many
        // times in a row, and a message whose retries run out is parked in the error queue, lost to its run.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(10, 50, 100, 250, 500, 1000, 2000, 3000, 5000, 5000, 5000, 5000, 5000));
        // A decision's messages (a fan-out dispatches many) go out concurrently: over RabbitMQ each waits for its
        // publisher confirm, and one after the other they held a wide fan-out to a few steps in flight.
        endpointConfigurator.UseInMemoryOutbox(context, o => o.ConcurrentMessageDelivery = true);
        // A SubmitRun that cannot be a run is answered with RunRejected before it reaches the saga.
        endpointConfigurator.UseConsumeFilter(typeof(SubmitRunFilter<>), context);
        endpointConfigurator.PrefetchCount = Partitions * 4;

        var partition = endpointConfigurator.CreatePartitioner(Partitions);
        sagaConfigurator.Message<SubmitRun>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<ResumeRun>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<StepStarted>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<StepSucceeded>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<StepFailed>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<StepCancelled>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<AttemptsReported>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<CancelRun>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<RunTimerDue>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<AttemptLeaseExpired>(m => m.UsePartitioner(partition, c => c.Message.RunId));
        sagaConfigurator.Message<ApproveStep>(m => m.UsePartitioner(partition, c => c.Message.RunId));
    }
}
