namespace Platform.Contracts;

/// <summary>
/// Continue a run from the store after a crash: steps that succeeded stay done, timers are rebuilt.
/// <see cref="ExecutorsLost"/>: the executors died too (the embedded process was killed), so every
/// attempt that was out runs again as a new attempt. Otherwise only attempts no executor had started
/// are dispatched again (the old attempt is cancelled so it never runs); started ones will report.
/// <see cref="Secrets"/>: the run's secrets, given again (they were never stored).
/// </summary>
public sealed record ResumeRun(Guid RunId, bool ExecutorsLost = false, IReadOnlyDictionary<string, string>? Secrets = null);
