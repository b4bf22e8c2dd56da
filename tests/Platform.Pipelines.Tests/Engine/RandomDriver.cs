using System.Text;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>
/// Drives a run with events in a random but legal order: results of outstanding attempts in any
/// order, random outcomes, timers fired late, duplicates and stale results, and now and then a
/// user cancel or a driver restart. Checks invariants after every decision batch; a violation throws.
/// </summary>
internal sealed class RandomDriver
{
    private readonly Random _random;
    private readonly RunPlan _plan;
    private readonly Dictionary<string, PlanNode> _planById = new(StringComparer.Ordinal);
    private readonly List<(string Id, int Attempt, bool Started)> _outstanding = [];
    private readonly List<TimerKey> _timers = [];
    private readonly List<(string Group, string? Branch)> _merges = [];
    private readonly List<RunEvent> _sent = [];
    private readonly HashSet<string> _terminal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _winners = new(StringComparer.Ordinal);
    private readonly HashSet<string> _abortedScopes = new(StringComparer.Ordinal);

    /// <summary>A user cancel, or a run or group deadline, has happened: everything may be stopped since.</summary>
    private bool _forcedStop;
    private readonly StringBuilder _trace = new();
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    public RandomDriver(PipelineDefinition pipeline, int seed)
    {
        _random = new Random(seed);
        _plan = RunPlan.Compile(pipeline);
        State = EngineState.Create(_plan, "random");
        Index(_plan.Main);
        Index(_plan.Finally);
    }

    public EngineState State { get; }

    public IReadOnlyList<RunEvent> Sent => _sent;

    public string Trace => Dump(_plan.Main, 0) + Dump(_plan.Finally, 0) + _trace;

    private static string Dump(PlanNode node, int depth)
    {
        var source = node.Source;
        var line = $"{new string(' ', depth * 2)}{node.Kind} {node.Id} when={node.When} failFast={node.FailFast} conc={node.Concurrency} wait={node.Wait}"
            + $" needs=[{string.Join(",", node.Needs)}] allow={node.AllowFailure} timeout={node.Timeout} retry={(source as StepNode)?.Retry} if={node.If}"
            + (source is ForEachGroup f ? $" items={f.Items.Literal?.Count}" : "") + "\n";
        return line + string.Concat(node.Children.Select(c => Dump(c, depth + 1)));
    }

    /// <summary>Runs to the end; returns every decision, described as text (for determinism checks).</summary>
    public List<string> Run(int maxEvents = 5_000)
    {
        var log = new List<string>();
        log.AddRange(Send(new RunBegan(_now, new Dictionary<string, Value>())));
        var cancelAt = _random.Next(6) == 0 ? _random.Next(1, 20) : -1;
        var resumeAt = _random.Next(5) == 0 ? _random.Next(1, 30) : -1;
        for (var i = 0; i < maxEvents && !State.IsFinished; i++)
        {
            _now = _now.AddMilliseconds(_random.Next(0, 1500));
            if (i == cancelAt)
            {
                _forcedStop = true;
                log.AddRange(Send(new CancelRequested(_now, "random cancel")));
                continue;
            }

            if (i == resumeAt)
            {
                // The driver restarted: with or without its executors, with or without a start grace.
                var executorsLost = _random.Next(2) == 0;
                log.AddRange(Send(new RunResumed(_now, executorsLost, _random.Next(2) == 0 ? TimeSpan.FromSeconds(5) : null)));
                continue;
            }

            var choices = _outstanding.Count + _timers.Count + _merges.Count;
            if (choices == 0)
            {
                throw new InvalidOperationException($"deadlock: nothing outstanding but the run is {State.Status}\n{Trace}");
            }

            var pick = _random.Next(choices + 1);
            if (pick == choices)
            {
                log.AddRange(Send(Stale()));
            }
            else if (pick < _outstanding.Count)
            {
                log.AddRange(Send(Result(pick)));
            }
            else if (pick >= _outstanding.Count + _timers.Count)
            {
                var merge = _merges[pick - _outstanding.Count - _timers.Count];
                _merges.RemoveAll(m => m == merge);
                log.AddRange(Send(new LayersMerged(_now, merge.Group, [], Branch: merge.Branch)));
            }
            else
            {
                var key = _timers[pick - _outstanding.Count];
                _timers.RemoveAt(pick - _outstanding.Count);
                _forcedStop |= key.Kind is TimerKind.RunTimeout or TimerKind.GroupTimeout;
                log.AddRange(Send(new TimerFired(_now, key)));
            }
        }

        if (!State.IsFinished)
        {
            throw new InvalidOperationException($"the run did not finish within {maxEvents} events\n{Trace}");
        }

        var notTerminal = State.Report().Steps.Where(s => !s.Status.IsTerminal()).ToList();
        if (notTerminal.Count > 0)
        {
            throw new InvalidOperationException($"finished with steps not terminal: {string.Join(", ", notTerminal)}");
        }

        CheckRacesWonBySuccesses();
        foreach (var (group, wins) in _winners)
        {
            var plan = _planById[group.Split('[')[0]];
            var max = plan.Wait.Kind == WaitKind.Any ? 1 : plan.Wait.Count;
            if (wins > max)
            {
                throw new InvalidOperationException($"{group} (wait {plan.Wait}) has {wins} successful children");
            }
        }

        return log;
    }

    private RunEvent Result(int index)
    {
        var (id, attempt, started) = _outstanding[index];
        if (!started && _random.Next(3) > 0)
        {
            _outstanding[index] = (id, attempt, true);
            return new AttemptStarted(_now, id, attempt);
        }

        _outstanding.RemoveAt(index);
        return _random.Next(10) switch
        {
            < 6 => new AttemptSucceeded(_now, id, attempt, 0, new Dictionary<string, string>()),
            < 9 => new AttemptFailed(_now, id, attempt, 1, "random failure"),
            _ => new AttemptTimedOut(_now, id, attempt),
        };
    }

    /// <summary>A duplicate of an earlier event, or a result for an attempt that is no longer current.</summary>
    private RunEvent Stale()
    {
        var earlier = _sent.Where(e => e is AttemptSucceeded or AttemptFailed or AttemptStarted or TimerFired).ToList();
        if (earlier.Count == 0)
        {
            return new AttemptSucceeded(_now, "no-such-step", 1, 0, new Dictionary<string, string>());
        }

        return earlier[_random.Next(earlier.Count)] switch
        {
            AttemptSucceeded s => s with { At = _now },
            AttemptFailed f => f with { At = _now },
            AttemptStarted s => s with { At = _now },
            TimerFired t => t with { At = _now },
            var e => e,
        };
    }

    private IEnumerable<string> Send(RunEvent e)
    {
        _sent.Add(e);
        _trace.AppendLine(e.ToString());
        var decisions = Scheduler.Decide(State, e);
        foreach (var d in decisions)
        {
            _trace.Append("  ").AppendLine(Describe(d));
            Check(d);
        }

        CheckConcurrency();
        return decisions.Select(Describe);
    }

    private void Check(Decision d)
    {
        switch (d)
        {
            case StartAttempt start:
                _outstanding.RemoveAll(o => o.Id == start.StepId);
                _outstanding.Add((start.StepId, start.Attempt, false));
                CheckOrder(start.StepId);
                break;
            case CancelAttempt cancel:
                CheckSpared(cancel);
                _outstanding.RemoveAll(o => o.Id == cancel.StepId && o.Attempt == cancel.Attempt);
                break;
            case ScheduleTimer timer:
                _timers.Add(timer.Key);
                break;
            case MergeLayers merge:
                _merges.Add((merge.GroupId, merge.Branch));
                break;
            case StepStatusChanged changed when changed.Status.IsTerminal():
                if (!_terminal.Add(changed.StepId))
                {
                    throw new InvalidOperationException($"{changed.StepId} reached a terminal status twice\n{Trace}");
                }

                _outstanding.RemoveAll(o => o.Id == changed.StepId);
                OnTerminal(changed);
                break;
        }
    }

    private void OnTerminal(StepStatusChanged changed)
    {
        var plan = _planById[Base(changed.StepId)];
        var parent = plan.Parent!;
        if (changed.Status == StepStatus.Succeeded && parent.Kind == PlanKind.Parallel && parent.Wait.Kind is WaitKind.Any or WaitKind.Quorum)
        {
            var key = ScopeKey(parent, changed.StepId);
            _winners[key] = _winners.GetValueOrDefault(key) + 1;
        }

        if (changed.Status is StepStatus.Failed or StepStatus.TimedOut && !plan.AllowFailure && parent.FailFast
            && !(parent.Kind == PlanKind.Parallel && parent.Wait.Kind is WaitKind.Any or WaitKind.Quorum))
        {
            _abortedScopes.Add(ScopeKey(parent, changed.StepId));
        }
    }

    /// <summary>No step starts before its sequence predecessors or DAG needs are done, nor in a failed fail-fast scope.</summary>
    private void CheckOrder(string stepId)
    {
        var exempt = false;
        var path = PathTo(_planById[Base(stepId)]);
        for (var i = path.Count - 1; i >= 1; i--)
        {
            var node = path[i];
            var parent = path[i - 1];
            if (parent.Kind is PlanKind.Sequence or PlanKind.Item && parent.Id != "(finally)")
            {
                foreach (var earlier in parent.Children.Take(node.Position))
                {
                    RequireDone(earlier, stepId, "sequence predecessor");
                }
            }

            if (parent.Kind == PlanKind.Dag)
            {
                foreach (var need in node.Needs)
                {
                    RequireDone(parent.Children[need], stepId, "need");
                }
            }

            exempt |= node.When is When.Always or When.Failure || (parent.Kind == PlanKind.Parallel && parent.Wait.Kind == WaitKind.None);
            if (!exempt && _abortedScopes.Contains(ScopeKey(parent, stepId)))
            {
                throw new InvalidOperationException($"{stepId} started inside {parent.Id}, whose fail-fast scope had already failed\n{Trace}");
            }
        }

        void RequireDone(PlanNode earlier, string id, string what)
        {
            foreach (var step in StepsOf(earlier, Suffix(id, earlier)))
            {
                if (!_terminal.Contains(step))
                {
                    throw new InvalidOperationException($"{id} started before its {what} {step} was done\n{Trace}");
                }
            }
        }
    }

    /// <summary>
    /// Fail-fast, at any depth, never cancels a <c>when: always|failure</c> node or a fire-and-forget
    /// child because of a failure outside it: only a user cancel or a deadline does (a failure inside
    /// it stops its own scope as usual).
    /// </summary>
    private void CheckSpared(CancelAttempt cancel)
    {
        var failure = System.Text.RegularExpressions.Regex.Match(cancel.Reason, @"^cancelled: (\S+) (failed|timed-out)( \(in \S+\))?$");
        if (_forcedStop || !failure.Success)
        {
            return; // forced, or not fail-fast (a race decided, the attempt's own deadline, a superseded attempt)
        }

        var culprit = _planById[Base(failure.Groups[1].Value)];
        for (var node = _planById[Base(cancel.StepId)]; node.Parent is { } parent; node = parent)
        {
            var spared = node.When is When.Always or When.Failure || parent is { Kind: PlanKind.Parallel, Wait.Kind: WaitKind.None };
            if (spared && !PathTo(culprit).Contains(node))
            {
                throw new InvalidOperationException($"{cancel.StepId} was cancelled by fail-fast ({cancel.Reason}) although {node.Id} is spared\n{Trace}");
            }
        }
    }

    /// <summary>A race or quorum that succeeded has as many real successes as it needs: an allowed failure never wins.</summary>
    private void CheckRacesWonBySuccesses()
    {
        var rows = State.Report().Steps;
        foreach (var race in rows.Where(r => r.Kind == NodeKind.Group && r.Status == StepStatus.Succeeded))
        {
            if (_planById[Base(race.Id)] is not { Kind: PlanKind.Parallel, Wait.Kind: WaitKind.Any or WaitKind.Quorum } plan)
            {
                continue;
            }

            var children = rows.Where(r => r.Parent == race.Id).ToList();
            var needed = plan.Wait.Kind == WaitKind.Any ? 1 : plan.Wait.Count;
            if (children.Count > 0 && children.Count(c => c.Status == StepStatus.Succeeded) < needed)
            {
                throw new InvalidOperationException($"{race.Id} succeeded with fewer than {needed} successful children\n{Trace}");
            }
        }
    }

    /// <summary>Concurrency limits of the run and of every group, counted from dispatched attempts.</summary>
    private void CheckConcurrency()
    {
        if (_plan.Pipeline.Concurrency is { } limit && _outstanding.Count > limit)
        {
            throw new InvalidOperationException($"{_outstanding.Count} attempts in flight, run concurrency is {limit}\n{Trace}");
        }

        var activeChildren = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var (id, _, _) in _outstanding)
        {
            var path = PathTo(_planById[Base(id)]);
            for (var i = path.Count - 1; i >= 1; i--)
            {
                var parent = path[i - 1];
                if (parent.Concurrency is not null)
                {
                    var key = ScopeKey(parent, id);
                    var child = parent.Kind == PlanKind.ForEach ? ItemIndex(id, parent) : path[i].Position;
                    (activeChildren.TryGetValue(key, out var set) ? set : activeChildren[key] = []).Add(child);
                }

                if (parent is { Kind: PlanKind.Parallel, Wait.Kind: WaitKind.None })
                {
                    break; // fire-and-forget: done for the scopes above it once dispatched
                }
            }
        }

        foreach (var (key, children) in activeChildren)
        {
            var groupLimit = _planById[key.Split('[')[0]].Concurrency!.Value;
            if (children.Count > groupLimit)
            {
                throw new InvalidOperationException($"{key} has {children.Count} children active, its concurrency is {groupLimit}\n{Trace}");
            }
        }
    }

    private void Index(PlanNode node)
    {
        if (node.Source is not null)
        {
            _planById[node.Id] = node;
        }
        else if (node.Parent is null)
        {
            _planById[node.Id] = node;
        }

        foreach (var child in node.Children)
        {
            Index(child);
        }
    }

    private static List<PlanNode> PathTo(PlanNode node)
    {
        var path = new List<PlanNode>();
        for (var n = node; n is not null; n = n.Parent)
        {
            path.Add(n);
        }

        path.Reverse();
        return path;
    }

    private static string Base(string id) => id.Split('[')[0];

    private static int ForEachDepth(PlanNode node) => PathTo(node).Count(n => n.Kind == PlanKind.Item);

    /// <summary>The instance key of a group as seen from a step inside it: its id plus the item indexes above it.</summary>
    private static string ScopeKey(PlanNode group, string stepId)
    {
        var indexes = Indexes(stepId);
        var depth = ForEachDepth(group);
        return group.Id + string.Concat(indexes.Take(depth).Select(i => $"[{i}]"));
    }

    private static string Suffix(string stepId, PlanNode node) =>
        string.Concat(Indexes(stepId).Take(ForEachDepth(node)).Select(i => $"[{i}]"));

    private static int ItemIndex(string stepId, PlanNode forEach) => Indexes(stepId)[ForEachDepth(forEach)];

    private static List<int> Indexes(string id) =>
        id.Split('[', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => int.Parse(s.TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>Step instance ids under a plan node for one item context; forEach items that exist so far.</summary>
    private IEnumerable<string> StepsOf(PlanNode node, string suffix)
    {
        if (node.Kind == PlanKind.Step)
        {
            yield return node.Id + suffix;
            yield break;
        }

        if (node.Parent is { Kind: PlanKind.Parallel, Wait.Kind: WaitKind.None } || node is { Kind: PlanKind.Parallel, Wait.Kind: WaitKind.None })
        {
            yield break; // fire-and-forget: followers do not wait for it
        }

        if (node.Kind == PlanKind.ForEach)
        {
            for (var i = 0; State.StatusOf(node.Children[0].Children.Count > 0 ? node.Children[0].Children[0].Id + suffix + $"[{i}]" : "") is not null; i++)
            {
                foreach (var child in node.Children[0].Children)
                {
                    foreach (var s in StepsOf(child, suffix + $"[{i}]"))
                    {
                        yield return s;
                    }
                }
            }

            yield break;
        }

        foreach (var child in node.Children)
        {
            foreach (var s in StepsOf(child, suffix))
            {
                yield return s;
            }
        }
    }

    public static string Describe(Decision d) => d switch
    {
        StartAttempt s => $"start {s.StepId}#{s.Attempt} {string.Join(";", Commands(s.Action))}",
        CancelAttempt c => $"cancel {c.StepId}#{c.Attempt} ({c.Reason})",
        ScheduleTimer t => $"timer {t.Key} at {t.DueAt:O}",
        StepStatusChanged c => $"status {c.StepId} {c.Status.ToWire()} #{c.Attempt} {c.Reason}",
        FinishRun f => $"finish {f.Status}",
        _ => d.ToString() ?? "",
    };

    private static IEnumerable<string> Commands(ResolvedAction a) => a switch
    {
        ResolvedRun r => r.Commands,
        ResolvedSleep s => [s.Duration.ToString()],
        _ => [a.ToString() ?? ""],
    };
}
