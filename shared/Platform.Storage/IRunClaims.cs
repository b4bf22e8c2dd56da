namespace Platform.Storage;

/// <summary>
/// Which Coordinator replica answers for each unfinished run: a lease per run, kept in the shared
/// store itself (no other coordination service), renewed by its owner for all its runs in one write.
/// A run whose owner stopped renewing — the replica died — is an orphan that any replica may claim,
/// rebuild and drive on (its timers are in no process any more). Messages still go to any replica: the
/// event log's optimistic concurrency keeps two replicas from moving one run; the claim decides who
/// re-arms a run after its replica is gone, and that a starting replica takes only such runs.
/// </summary>
public interface IRunClaims
{
    /// <summary>Who holds the run and until when; null when no replica ever did. A claim ending in the past is an orphan's.</summary>
    Task<RunClaim?> GetClaimAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="owner"/> the run's owner until <paramref name="until"/>, whoever held it.</summary>
    Task ClaimAsync(Guid runId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Extends every claim of <paramref name="owner"/> to <paramref name="until"/>.</summary>
    Task RenewAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives up every claim of <paramref name="owner"/> (a replica stopping): its runs are orphans at once.</summary>
    Task ReleaseAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims for <paramref name="owner"/> every unfinished run whose claim ended before
    /// <paramref name="now"/>, or that has none and was submitted more than a lease
    /// (<paramref name="until"/> − <paramref name="now"/>) ago — a newer one is being claimed by the
    /// replica that created it — each atomically (of replicas racing for one run, one wins), and returns
    /// those it won.
    /// </summary>
    Task<IReadOnlyList<Guid>> ClaimOrphansAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);
}

/// <summary>A run's owner (<c>host-pid-nonce</c>) and the end of its lease.</summary>
public sealed record RunClaim(string Owner, DateTimeOffset Until)
{
    public bool IsLive(DateTimeOffset now) => Until > now;
}
