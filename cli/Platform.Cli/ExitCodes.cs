namespace Platform.Cli;

/// <summary>Exit codes of PIPELINES.md §5.</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Invalid = 2;

    /// <summary>The broker could not be reached, refused the login, or no Coordinator answered in time.</summary>
    public const int Unavailable = 3;
}
