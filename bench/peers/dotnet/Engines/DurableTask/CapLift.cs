using System.Diagnostics;
using System.Globalization;

namespace Platform.Bench.Peers.Engines.DurableTask;

/// <summary>
/// The in-process host's dispatchers allow Environment.ProcessorCount work items at once (2 here),
/// read from a get-only property with no option to change it. The runtime takes that count from
/// DOTNET_PROCESSOR_COUNT, so the DurableTask engine runs in a child process of this program with it
/// set to <see cref="LiftedCount"/>, above any workload's width: then the orchestration alone limits
/// how many activities are in flight.
/// </summary>
public static class CapLift
{
    public const int LiftedCount = 1100;

    public static bool Lifted => Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is not null;

    /// <summary>Runs this program again with the given arguments and DOTNET_PROCESSOR_COUNT set; copies its stdout.</summary>
    public static async Task<int> RunChildAsync(IEnumerable<string> args, TextWriter output)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CapLift).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_PROCESSOR_COUNT"] = LiftedCount.ToString(CultureInfo.InvariantCulture);
        using var child = Process.Start(start)!;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            await output.WriteLineAsync(line);
            await output.FlushAsync();
        }
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
