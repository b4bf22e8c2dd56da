namespace Platform.LoadTest.Load;

/// <summary>
/// Resident memory of the process that holds the runs (the Coordinator, or this one when embedded):
/// idle after a warm-up, with <see cref="Runs"/> runs in flight, and after they were cancelled.
/// </summary>
public sealed record MemoryResult(
    string Mode,
    int ProcessId,
    int Runs,
    int Started,
    double SecondsToStartAll,
    long IdleRssKb,
    long LoadedRssKb,
    long AfterCancelRssKb,
    double PerRunKb,
    int FinishedAfterCancel);
