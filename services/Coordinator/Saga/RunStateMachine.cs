using MassTransit;
using Platform.Contracts;
using Platform.Coordinator.Running;

namespace Platform.Coordinator.Saga;

/// <summary>
/// One instance per run. Every message is handed to the engine through <see cref="RunDriver"/>; the
/// machine only decides which messages start, continue or are ignored by a run. Step results for a
/// run that does not exist (or finished) are discarded: the engine would ignore them anyway.
/// </summary>
public sealed class RunStateMachine : MassTransitStateMachine<RunState>
{
    public RunStateMachine(RunDriver driver, Locks.RunLocks locks)
    {
        InstanceState(x => x.CurrentState);

        Event(() => Submitted, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => Resumed, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => StepStarted, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => StepSucceeded, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => StepFailed, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => StepCancelled, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => AttemptsReported, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => CancelRequested, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => TimerDue, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => AttemptLost, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => ApprovalDecided, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => LocksGranted, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => LocksLost, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => LocksRefused, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => LayersMerged, e => e.CorrelateById(c => c.Message.RunId));

        Initially(
            Settle(When(Submitted).ThenAsync(driver.SubmitAsync)),
            Settle(When(Resumed).ThenAsync(driver.ResumeAsync)));

        // A message for a run without an instance here (this Coordinator restarted): adopt the run from
        // the store, then apply the message. A run the store does not know ends Rejected, message dropped.
        Initially(
            Adopt(When(StepStarted)),
            Adopt(When(StepSucceeded)),
            Adopt(When(StepFailed)),
            Adopt(When(StepCancelled)),
            Adopt(When(AttemptsReported)),
            Adopt(When(CancelRequested)),
            Adopt(When(TimerDue)),
            Adopt(When(AttemptLost)),
            Adopt(When(ApprovalDecided)).If(c => c.Saga.Rejected || c.Saga.FinishedAt is not null, ended => ended.ThenAsync(driver.RefuseApprovalAsync)),
            Adopt(When(LocksGranted)),
            Adopt(When(LocksLost)),
            Adopt(When(LocksRefused)),
            Adopt(When(LayersMerged)));

        During(Running,
            Handle(When(StepStarted)),
            Handle(When(StepSucceeded)),
            Handle(When(StepFailed)),
            Handle(When(StepCancelled)),
            Handle(When(AttemptsReported)),
            Handle(When(CancelRequested)),
            Handle(When(TimerDue)),
            Handle(When(AttemptLost)),
            Handle(When(ApprovalDecided)),
            Handle(When(LocksGranted)),
            Handle(When(LocksLost)),
            Handle(When(LocksRefused)),
            Handle(When(LayersMerged)));

        // A second submission of the same run id is the same run: nothing happens.
        During(Running, Finished, Rejected, Ignore(Submitted), Ignore(Resumed));

        // Late results, timers and cancels after the end change nothing.
        During(Finished, Rejected,
            Ignore(StepSucceeded), Ignore(StepFailed), Ignore(StepCancelled), Ignore(AttemptsReported),
            Ignore(CancelRequested), Ignore(TimerDue), Ignore(AttemptLost), Ignore(LocksLost), Ignore(LocksRefused), Ignore(LayersMerged));

        // A grant that reaches an ended run is given straight back (the run's rows are gone already;
        // this covers a grant made between the run's end and its release).
        During(Finished, Rejected,
            When(LocksGranted).ThenAsync(c => locks.ReleaseAsync(c.Message.RunId, c.Message.NodeId, c.CancellationToken)));

        // A decision for a run that ended is answered, so whoever sent it learns why nothing happened.
        During(Finished, Rejected, When(ApprovalDecided).ThenAsync(driver.RefuseApprovalAsync));

        // ... but an attempt starting after its run ended (an executor that joined after the cancel was
        // broadcast, or a redelivery) is stopped where it runs.
        During(Finished, Rejected,
            When(StepStarted).ThenAsync(c => driver.PublishSignedAsync(c, new CancelStep(c.Message.RunId, c.Message.StepId, c.Message.Attempt,
                "no longer wanted: the run has ended"))));

        EventActivityBinder<RunState, T> Adopt<T>(EventActivityBinder<RunState, T> binder)
            where T : class => Settle(binder.ThenAsync(driver.AdoptAsync));

        // After a run was started, resumed or adopted: where does its instance stand now?
        EventActivityBinder<RunState, T> Settle<T>(EventActivityBinder<RunState, T> binder)
            where T : class =>
            binder.IfElse(c => c.Saga.Rejected,
                rejected => rejected.TransitionTo(Rejected),
                accepted => accepted.IfElse(c => c.Saga.FinishedAt is not null,
                    finished => finished.TransitionTo(Finished),
                    running => running.TransitionTo(Running)));

        EventActivityBinder<RunState, T> Handle<T>(EventActivityBinder<RunState, T> binder)
            where T : class =>
            binder.ThenAsync(driver.HandleAsync).If(c => c.Saga.FinishedAt is not null, f => f.TransitionTo(Finished));
    }

    public State Running { get; private set; } = null!;

    public State Finished { get; private set; } = null!;

    public State Rejected { get; private set; } = null!;

    public Event<SubmitRun> Submitted { get; private set; } = null!;

    public Event<ResumeRun> Resumed { get; private set; } = null!;

    public Event<StepStarted> StepStarted { get; private set; } = null!;

    public Event<StepSucceeded> StepSucceeded { get; private set; } = null!;

    public Event<StepFailed> StepFailed { get; private set; } = null!;

    public Event<StepCancelled> StepCancelled { get; private set; } = null!;

    public Event<AttemptsReported> AttemptsReported { get; private set; } = null!;

    public Event<CancelRun> CancelRequested { get; private set; } = null!;

    public Event<RunTimerDue> TimerDue { get; private set; } = null!;

    public Event<AttemptLeaseExpired> AttemptLost { get; private set; } = null!;

    public Event<ApproveStep> ApprovalDecided { get; private set; } = null!;

    public Event<RunLocksGranted> LocksGranted { get; private set; } = null!;

    public Event<RunLocksLost> LocksLost { get; private set; } = null!;

    public Event<RunLocksRefused> LocksRefused { get; private set; } = null!;

    public Event<WorkspaceLayersMerged> LayersMerged { get; private set; } = null!;
}
