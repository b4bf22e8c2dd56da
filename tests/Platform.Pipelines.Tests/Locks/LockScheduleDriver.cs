using System.Text;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Locks;
using Platform.Pipelines.Model;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.Locks;

/// <summary>
/// Several runs sharing one lock table, driven in a random but legal order: attempts start and end
/// (succeed or fail) in any order, grants reach their run late, users cancel runs, and the
/// Coordinator is killed (every run rebuilt from its stored events, messages in flight lost) and
/// restarted. After every step: no lock has more holders than its limit, and every attempt that runs
/// runs under the locks of its step and groups. At the end every run has finished and the table is empty.
/// </summary>
internal sealed class LockScheduleDriver
{
    private static readonly string[] Names = ["a", "b", "c"];

    private readonly Random _random;
    private readonly LockTable _table = new();
    private readonly Dictionary<string, int> _limits = new(StringComparer.Ordinal);
    private readonly List<Run> _runs = [];
    private readonly List<(string RunId, string NodeId)> _grantsInFlight = [];
    private readonly StringBuilder _trace = new();
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    public LockScheduleDriver(int seed)
    {
        _random = new Random(seed);
        foreach (var name in Names)
        {
            _limits[name] = _random.Next(1, 3);
        }

        var runs = _random.Next(2, 6);
        for (var i = 0; i < runs; i++)
        {
            _runs.Add(new Run($"run-{i}", RunPlan.Compile(RandomPipeline())));
        }
    }

    public int PeakHolders { get; private set; }

    public string Trace => _trace.ToString();

    public void Execute(int maxSteps = 20_000)
    {
        foreach (var run in _runs)
        {
            Send(run, new RunBegan(_now, new Dictionary<string, Value>()));
        }

        for (var step = 0; step < maxSteps && _runs.Any(r => !r.State.IsFinished); step++)
        {
            _now = _now.AddSeconds(1);
            var roll = _random.Next(100);
            if (roll < 2)
            {
                Kill();
            }
            else if (roll < 4 && _runs.Where(r => !r.State.IsFinished).ToList() is { Count: > 0 } live)
            {
                Send(live[_random.Next(live.Count)], new CancelRequested(_now, "user"));
            }
            else if (roll < 30 && _grantsInFlight.Count > 0)
            {
                var i = _random.Next(_grantsInFlight.Count);
                var (runId, nodeId) = _grantsInFlight[i];
                _grantsInFlight.RemoveAt(i);
                Send(_runs.Single(r => r.Id == runId), new LocksGranted(_now, nodeId));
            }
            else if (roll < 40 && _runs.FirstOrDefault(r => r.Merges.Count > 0) is { } merging)
            {
                var (group, branch) = merging.Merges[0];
                merging.Merges.RemoveAt(0);
                Send(merging, new LayersMerged(_now, group, [], Branch: branch));
            }
            else if (_runs.SelectMany(r => r.Outstanding.Select(o => (Run: r, Attempt: o))).ToList() is { Count: > 0 } open)
            {
                var (run, (id, attempt, started)) = open[_random.Next(open.Count)];
                if (!started)
                {
                    run.Outstanding.Remove((id, attempt, false));
                    run.Outstanding.Add((id, attempt, true));
                    Send(run, new AttemptStarted(_now, id, attempt));
                }
                else
                {
                    run.Outstanding.Remove((id, attempt, true));
                    Send(run, _random.Next(5) == 0
                        ? new AttemptFailed(_now, id, attempt, 1, "exit 1")
                        : new AttemptSucceeded(_now, id, attempt, 0, new Dictionary<string, string>()));
                }
            }
            else if (_grantsInFlight.Count == 0 && _runs.All(r => r.Merges.Count == 0))
            {
                throw new InvalidOperationException($"stuck: runs wait and nothing can happen\n{Describe()}\n{Trace}");
            }
        }

        if (_runs.Any(r => !r.State.IsFinished))
        {
            throw new InvalidOperationException($"runs did not finish\n{Describe()}\n{Trace}");
        }

        if (_table.Entries.Count > 0)
        {
            throw new InvalidOperationException($"locks leaked: {Describe()}\n{Trace}");
        }
    }

    /// <summary>The Coordinator dies: grants not yet delivered are lost; each run is rebuilt from its events and resumed.</summary>
    private void Kill()
    {
        _trace.AppendLine("kill -9");
        _grantsInFlight.Clear();
        foreach (var run in _runs.Where(r => !r.State.IsFinished))
        {
            run.Rebuild();
            run.Outstanding.Clear();
            run.Merges.Clear();
            Send(run, new RunResumed(_now, ExecutorsLost: true, null));
        }
    }

    private void Send(Run run, RunEvent e)
    {
        _trace.AppendLine($"{run.Id} <- {e}");
        run.Events.Add(e);
        foreach (var decision in Scheduler.Decide(run.State, e))
        {
            Handle(run, decision);
        }

        Check();
    }

    private void Handle(Run run, Decision decision)
    {
        _trace.AppendLine($"{run.Id} -> {decision}");
        switch (decision)
        {
            case StartAttempt start:
                run.Outstanding.RemoveAll(o => o.Id == start.StepId);
                run.Outstanding.Add((start.StepId, start.Attempt, false));
                break;
            case CancelAttempt cancel:
                run.Outstanding.RemoveAll(o => o.Id == cancel.StepId && o.Attempt == cancel.Attempt);
                break;
            case AcquireLocks acquire when acquire.Held:
                // A restarted Coordinator confirms a grant: the table must still have it.
                if (!_table.IsHeld(run.Id, acquire.NodeId))
                {
                    throw new InvalidOperationException($"{run.Id} {acquire.NodeId} believes it holds locks the table does not have\n{Trace}");
                }

                break;
            case AcquireLocks acquire:
                _table.Request(run.Id, acquire.NodeId, acquire.Locks.Select(l => l with { Limit = _limits[l.Name] }).ToList(), _now);
                if (_table.IsHeld(run.Id, acquire.NodeId))
                {
                    _grantsInFlight.Add((run.Id, acquire.NodeId)); // granted before the restart, never delivered
                }

                Grant();
                break;
            case ReleaseLocks release:
                _table.Release(run.Id, release.NodeId);
                Grant();
                break;
            case MergeLayers merge:
                run.Merges.Add((merge.GroupId, merge.Branch));
                break;
            case ScheduleTimer or Pipelines.Engine.StepStatusChanged:
                break;
            case FinishRun:
                if (_table.Entries.Any(e => e.RunId == run.Id))
                {
                    throw new InvalidOperationException($"{run.Id} finished still holding or waiting for locks\n{Describe()}\n{Trace}");
                }

                run.Outstanding.Clear();
                break;
            default:
                throw new InvalidOperationException($"unexpected decision {decision}");
        }
    }

    private void Grant()
    {
        foreach (var granted in _table.Grant(_now))
        {
            _grantsInFlight.Add(granted);
        }
    }

    private void Check()
    {
        foreach (var group in _table.Entries.Where(e => e.Held).GroupBy(e => e.Name))
        {
            PeakHolders = Math.Max(PeakHolders, group.Count());
            if (group.Count() > _limits[group.Key])
            {
                throw new InvalidOperationException($"lock {group.Key} has {group.Count()} holders, limit {_limits[group.Key]}\n{Describe()}\n{Trace}");
            }
        }

        // Never unguarded: whatever runs runs under the locks of its step and of every group around it.
        foreach (var run in _runs.Where(r => !r.State.IsFinished))
        {
            foreach (var (id, _, _) in run.Outstanding)
            {
                for (var node = run.State.Find(id); node is not null; node = node.Parent)
                {
                    if (node.Locks is { Count: > 0 } && !_table.IsHeld(run.Id, node.Id))
                    {
                        throw new InvalidOperationException($"{run.Id} runs {id} without the locks of {node.Id}\n{Describe()}\n{Trace}");
                    }
                }
            }
        }
    }

    private string Describe() =>
        string.Join("\n", _table.Entries.Select(e => $"  {e.Name} {e.RunId}/{e.NodeId} seq={e.Seq} held={e.Held}"))
        + "\n" + string.Join("\n", _runs.Select(r => $"  {r.Id} {r.State.Status}: {string.Join(", ", r.State.Report().Steps.Select(s => $"{s.Id}={s.Status}"))}"));

    private PipelineDefinition RandomPipeline()
    {
        var children = new List<Node>();
        var count = _random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            // Inside a locked group only the group's own locks may be named again (the validator's rule).
            Node node = _random.Next(3) == 0
                ? WithLocks(P.Sequence($"g{i}", P.Sleep($"g{i}a"), P.Sleep($"g{i}b")))
                : WithLocks(P.Sleep($"s{i}"));
            if (node is SequentialGroup { Locks: { Count: > 0 } held } g)
            {
                node = g with { Children = [.. g.Children.Select(c => _random.Next(2) == 0 ? c with { Locks = held } : c)] };
            }
            else if (node is SequentialGroup plain)
            {
                node = plain with { Children = [.. plain.Children.Select(WithLocks)] };
            }

            children.Add(node);
        }

        return P.Pipeline([P.Parallel("p", [.. children]) with { FailFast = _random.Next(2) == 0 }], [WithLocks(P.Sleep("cleanup"))]);
    }

    private T WithLocks<T>(T node)
        where T : Node
    {
        if (_random.Next(3) == 0)
        {
            return node;
        }

        var names = Names.Where(_ => _random.Next(2) == 0).ToList();
        return names.Count == 0 ? node : node with { Locks = [.. names.Select(n => new LockSpec(Template.Literal(n), _limits[n]))] };
    }

    private sealed class Run(string id, RunPlan plan)
    {
        public string Id { get; } = id;

        public EngineState State { get; private set; } = EngineState.Create(plan, id);

        public List<RunEvent> Events { get; } = [];

        public List<(string Id, int Attempt, bool Started)> Outstanding { get; } = [];

        /// <summary>Groups whose layers are being merged (<see cref="MergeLayers"/> not yet answered).</summary>
        public List<(string Group, string? Branch)> Merges { get; } = [];

        /// <summary>A new process: the state from the stored events alone (their decisions were already carried out).</summary>
        public void Rebuild()
        {
            State = EngineState.Create(plan, Id);
            foreach (var e in Events)
            {
                Scheduler.Decide(State, e);
            }
        }
    }
}
