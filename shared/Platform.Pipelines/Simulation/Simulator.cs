using Platform.Pipelines.Engine;
using Platform.Pipelines.Locks;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Simulation;

/// <summary>
/// The second driver of the engine (the Coordinator is the first): a discrete-event simulation on a
/// virtual clock. Deterministic: events at the same instant are handled in the order they were caused.
/// </summary>
public static class Simulator
{
    public static SimulationResult Run(RunPlan plan, SimulationOptions options)
    {
        var run = new SimulationRun(plan, options);
        return run.Execute();
    }

    private sealed class SimulationRun(RunPlan plan, SimulationOptions options)
    {
        private readonly EngineState _state = EngineState.Create(plan, options.RunId, lenientTemplates: true);
        private readonly PriorityQueue<(RunEvent Event, string? Cause), (DateTimeOffset, long)> _queue = new();
        private readonly List<TimedDecision> _log = [];
        private readonly Dictionary<string, string?> _enabledBy = new(StringComparer.Ordinal);

        // Locks within this one run: the rule is the real lock table's, other runs are not modelled.
        private readonly LockTable _locks = new();
        private long _seq;
        private double _busySeconds;

        public SimulationResult Execute()
        {
            Enqueue(new RunBegan(options.Epoch, options.Inputs, ConcurrencyCap: options.ConcurrencyCap), null);
            if (options.CancelAt is { } cancelAt)
            {
                Enqueue(new CancelRequested(options.Epoch + cancelAt, "cancelled in simulation"), null);
            }

            while (_queue.TryDequeue(out var item, out _) && !_state.IsFinished)
            {
                var (e, cause) = item;
                foreach (var decision in Scheduler.Decide(_state, e))
                {
                    _log.Add(new TimedDecision(e.At - options.Epoch, decision));
                    Handle(decision, e.At, cause);
                }
            }

            var report = _state.Report();
            var wall = ((report.FinishedAt ?? options.Epoch) - options.Epoch).TotalSeconds;
            return new SimulationResult(report, _log, wall, _busySeconds, History.CriticalPath.Of(report, _enabledBy), _state.PeakInFlight, _state.EventCount);
        }

        private void Handle(Decision decision, DateTimeOffset now, string? cause)
        {
            switch (decision)
            {
                case StartAttempt start:
                    _enabledBy.TryAdd(start.StepId, cause);
                    var attempt = Outcome(start);
                    var duration = start.Timeout is { } t && t < attempt.Duration ? t : attempt.Duration;
                    _busySeconds += duration.TotalSeconds;
                    Enqueue(new AttemptStarted(now, start.StepId, start.Attempt), start.StepId);
                    if (start.Timeout is { } timeout && timeout < attempt.Duration)
                    {
                        break; // the engine's own step deadline ends it
                    }

                    Enqueue(
                        attempt.Succeeds
                            ? new AttemptSucceeded(now + attempt.Duration, start.StepId, start.Attempt, attempt.ExitCode, attempt.Outputs ?? new Dictionary<string, string>())
                            : new AttemptFailed(now + attempt.Duration, start.StepId, start.Attempt, attempt.ExitCode == 0 ? 1 : attempt.ExitCode, "failed in simulation"),
                        start.StepId);
                    break;
                case ScheduleTimer timer:
                    Enqueue(new TimerFired(timer.DueAt < now ? now : timer.DueAt, timer.Key), cause);
                    break;
                case CancelAttempt cancel:
                    // The late result the queue still holds is ignored by the engine, as a real one would be.
                    Enqueue(new AttemptCancelled(now, cancel.StepId, cancel.Attempt), cancel.StepId);
                    break;
                case Engine.StepStatusChanged { Status: StepStatus.Waiting } waiting:
                    // A gate is decided at once, or after the duration given for it; a "failing" gate is rejected.
                    var baseId = waiting.StepId.Split('[')[0];
                    var wait = options.Durations.TryGetValue(waiting.StepId, out var w) || options.Durations.TryGetValue(baseId, out w) ? w : TimeSpan.Zero;
                    _enabledBy.TryAdd(waiting.StepId, cause);
                    _busySeconds += wait.TotalSeconds;
                    var rejected = options.Failing.Contains(waiting.StepId) || options.Failing.Contains(baseId);
                    // Decided by someone allowed to: the first of its approvers, if it names any.
                    var by = (_state.Find(waiting.StepId)?.Plan.Step?.Action as ApprovalAction)?.Approvers.FirstOrDefault() ?? "simulation";
                    Enqueue(new ApprovalDecided(now + wait, waiting.StepId, !rejected, by, rejected ? "rejected in simulation" : null), waiting.StepId);
                    break;
                case AcquireLocks acquire:
                    _locks.Request(options.RunId, acquire.NodeId, acquire.Locks, now);
                    GrantLocks(now, cause);
                    break;
                case ReleaseLocks release:
                    _locks.Release(options.RunId, release.NodeId);
                    GrantLocks(now, release.NodeId);
                    break;
                case MergeLayers merge:
                    // No files in a simulation: every merge is clean and instant.
                    Enqueue(new LayersMerged(now, merge.GroupId, [], Branch: merge.Branch), cause);
                    break;
                case Engine.StepStatusChanged or FinishRun:
                    break; // the report reads statuses from the state; the loop ends once the run is finished
                default:
                    throw new InvalidOperationException($"a decision the simulator does not know: {decision.GetType().Name}");
            }
        }

        private void GrantLocks(DateTimeOffset now, string? cause)
        {
            foreach (var (_, nodeId) in _locks.Grant(now))
            {
                Enqueue(new LocksGranted(now, nodeId), cause);
            }
        }

        private SimulatedAttempt Outcome(StartAttempt start)
        {
            if (options.Attempt?.Invoke(start) is { } custom)
            {
                return custom;
            }

            var baseId = start.StepId.Split('[')[0];
            var duration =
                options.Durations.TryGetValue(start.StepId, out var d) ? d
                : options.Durations.TryGetValue(baseId, out d) ? d
                : start.Action is ResolvedSleep sleep ? sleep.Duration
                : options.DefaultDuration;
            var failing = options.Failing.Contains(start.StepId) || options.Failing.Contains(baseId);
            if (failing && (options.FailAttempts.TryGetValue(start.StepId, out var n) || options.FailAttempts.TryGetValue(baseId, out n)))
            {
                failing = start.Attempt <= n;
            }

            return new SimulatedAttempt(duration, !failing, failing ? 1 : 0);
        }

        private void Enqueue(RunEvent e, string? cause) => _queue.Enqueue((e, cause), (e.At, _seq++));
    }
}
