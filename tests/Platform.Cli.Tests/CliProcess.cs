using System.Diagnostics;

namespace Platform.Cli.Tests;

/// <summary>The CLI as a process of its own, as a user runs it (so it can be killed, or timed).</summary>
internal static class CliProcess
{
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "platform.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }
}
