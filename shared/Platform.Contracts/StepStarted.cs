namespace Platform.Contracts;

/// <summary>An executor began an attempt; <see cref="ExecutorAddress"/> is where to send its CancelStep.</summary>
public sealed record StepStarted(
    Guid RunId,
    string StepId,
    int Attempt,
    DateTimeOffset At,
    string ExecutorId,
    Uri? ExecutorAddress);
