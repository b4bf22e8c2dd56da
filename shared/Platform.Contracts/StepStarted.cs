namespace Platform.Contracts;

/// <summary>
/// An executor began an attempt (told once the attempt has run for a moment: a shorter one is reported
/// by its result alone, and every result carries the same start, in case it arrives first); <see cref="ExecutorAddress"/>
/// is where to send its CancelStep.
/// </summary>
public sealed record StepStarted(
    Guid RunId,
    string StepId,
    int Attempt,
    DateTimeOffset At,
    string ExecutorId,
    Uri? ExecutorAddress);
