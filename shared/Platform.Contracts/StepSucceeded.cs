namespace Platform.Contracts;

public sealed record StepSucceeded(
    Guid RunId,
    string StepId,
    int Attempt,
    DateTimeOffset At,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string? LogTail);
