namespace Platform.Pipelines.Locks;

/// <summary>
/// One row of the lock table: node <see cref="NodeId"/> of run <see cref="RunId"/> holds
/// (<see cref="GrantedAt"/> set) or waits for lock <see cref="Name"/>. All rows of one request share
/// its <see cref="Seq"/>, the order it asked in; <see cref="Label"/> is what people see (the step id).
/// </summary>
public sealed record LockEntry(
    string Name,
    int Limit,
    string RunId,
    string NodeId,
    long Seq,
    DateTimeOffset RequestedAt,
    DateTimeOffset? GrantedAt)
{
    public bool Held => GrantedAt is not null;
}
