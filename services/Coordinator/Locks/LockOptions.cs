namespace Platform.Coordinator.Locks;

/// <summary>Settings of the lock table's driver; bound from the <c>Locks</c> configuration section.</summary>
public sealed class LockOptions
{
    public const string SectionName = "Locks";

    /// <summary>
    /// How long a row of the lock table lasts without renewal (renewed every third of it by the process
    /// driving its run). A run whose Coordinator died and that nobody took over within this time loses
    /// its locks to the next waiters; if it is resumed later, the nodes that held them are stopped.
    /// Keep it above <c>Coordinator:RunLease</c> plus a restart, so a restarted Coordinator keeps them.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How often a process with waiting nodes looks at the table (grants made by others, leases that
    /// ran out); a release or request in this process looks at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
