namespace Platform.ServiceDefaults;

public enum ConsoleLogFormat
{
    /// <summary>One JSON object per line, scopes (RunId, StepId…) included: for services and log shippers.</summary>
    Json,

    /// <summary>Human-readable single lines with scopes: for a developer's terminal.</summary>
    Simple,
}
