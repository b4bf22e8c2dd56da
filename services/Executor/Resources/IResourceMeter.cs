namespace Platform.Executor.Resources;

/// <summary>
/// Measures what each attempt's process tree uses (docs/pipelines.md, "Resource use"). One is chosen
/// when the Executor starts (<see cref="ResourceMeters.Create"/>): <see cref="ProcessTreeMeter"/> where
/// Linux's /proc is there, else <see cref="NoResourceMeter"/>.
/// </summary>
public interface IResourceMeter
{
    /// <summary>True when step processes are to be started measured (their reaper reads their usage).</summary>
    bool MeasuresProcesses { get; }

    /// <summary>Starts measuring one attempt; may add a variable to <paramref name="environment"/> that marks its processes.</summary>
    IAttemptMeasurement Begin(IDictionary<string, string> environment);
}
