namespace Platform.Cli.Running;

/// <summary>
/// With <c>PLATFORM_STARTUP_TRACE=1</c>, <c>run</c> writes to stderr the moment its arguments were
/// parsed and each start-up phase after it (UTC, microseconds): bench/startup.py subtracts the first
/// from the first step's start in the report, and shows the phases.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool On = Environment.GetEnvironmentVariable("PLATFORM_STARTUP_TRACE") == "1";

    public static void ArgumentsParsed(TextWriter stderr) => Mark(stderr, "arguments parsed");

    /// <param name="phase">What just ended ("pipeline loaded", "host built", "host started", "run submitted").</param>
    public static void Mark(TextWriter stderr, string phase)
    {
        if (On)
        {
            stderr.WriteLine($"platform: {phase} at {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.ffffffZ}");
        }
    }
}
