namespace Platform.Cli;

/// <summary>Exit codes (docs/pipelines.md, "The command line").</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Invalid = 2;
}
