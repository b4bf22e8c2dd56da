namespace Platform.Cli;

/// <summary>Exit codes (docs/pipelines.md, "The command line").</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Invalid = 2;

    /// <summary>The broker could not be reached, refused the login, or no Coordinator answered in time.</summary>
    public const int Unavailable = 3;
}
