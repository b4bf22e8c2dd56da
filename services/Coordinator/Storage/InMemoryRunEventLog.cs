using System.Collections.Concurrent;
using Platform.Pipelines.Engine;

namespace Platform.Coordinator.Storage;

/// <summary>The event log in process memory: the embedded default and tests; lost with the process.</summary>
public sealed class InMemoryRunEventLog : IRunEventLog
{
    private readonly ConcurrentDictionary<Guid, List<RunEvent>> _runs = new();

    public Task AppendAsync(Guid runId, RunEvent e, CancellationToken cancellationToken = default)
    {
        var events = _runs.GetOrAdd(runId, _ => []);
        lock (events)
        {
            events.Add(e);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        if (!_runs.TryGetValue(runId, out var events))
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([]);
        }

        lock (events)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([.. events]);
        }
    }
}
