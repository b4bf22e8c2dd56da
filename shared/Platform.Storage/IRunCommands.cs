namespace Platform.Storage;

/// <summary>What another process asks of a live run.</summary>
public enum RunCommandKind
{
    Cancel,
    Approve,
}

/// <summary>One request waiting for the run's owner; <see cref="Body"/> is its JSON payload.</summary>
public sealed record RunCommand(long Id, Guid RunId, RunCommandKind Kind, string Body, DateTimeOffset At);

/// <summary>
/// A run's inbox in the store: how a second <c>./platform</c> process on the same machine reaches a
/// run owned by another one (the embedded mode has no broker between processes). The owner — the
/// Coordinator holding the run's claim (<see cref="IRunClaims"/>) — takes its runs' commands and
/// turns them into the same bus messages a distributed client would publish.
/// </summary>
public interface IRunCommands
{
    Task EnqueueCommandAsync(Guid runId, RunCommandKind kind, string body, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Removes and returns, oldest first, the commands of every run <paramref name="owner"/> holds; each is taken once.</summary>
    Task<IReadOnlyList<RunCommand>> TakeCommandsAsync(string owner, CancellationToken cancellationToken = default);
}
