using System.Diagnostics;

namespace Platform.Cli.Tests;

/// <summary>The CLI as a process of its own, as a user runs it (so it can be killed, or timed).</summary>
internal static class CliProcess
{
    public static Process Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <param name="environment">Variables to set (a null value removes one) on top of this process's environment.</param>
    public static Process Start(IReadOnlyDictionary<string, string?> environment, params string[] args) => StartIn(null, environment, args);

    /// <param name="workingDirectory">Where the CLI starts (the embedded run's directory); null: this process's.</param>
    public static Process StartIn(string? workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "platform.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }
}
