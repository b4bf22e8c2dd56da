using System.Collections.Concurrent;

namespace Platform.Coordinator.Secrets;

/// <summary>
/// Each running run's secrets, in this process's memory only: never in the run store, so a run
/// continued by another process (resume, a restarted Coordinator) must be given them again.
/// </summary>
public sealed class RunSecrets
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyDictionary<string, string>> _secrets = new();

    public void Set(Guid runId, IReadOnlyDictionary<string, string> secrets)
    {
        if (secrets.Count == 0)
        {
            _secrets.TryRemove(runId, out _);
        }
        else
        {
            _secrets[runId] = secrets;
        }
    }

    public IReadOnlyDictionary<string, string> Get(Guid runId) =>
        _secrets.TryGetValue(runId, out var secrets) ? secrets : new Dictionary<string, string>();

    public void Forget(Guid runId) => _secrets.TryRemove(runId, out _);
}
