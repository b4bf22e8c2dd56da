using System.Diagnostics;

namespace Platform.Tests.Shared;

/// <summary>rabbitmqctl against the local node: RABBITMQ_NODENAME (a node of one's own for fault trials), else rabbit@localhost as ./test.sh starts it.</summary>
internal static class LocalRabbitMq
{
    /// <summary>The exit code; -1 when rabbitmqctl is not installed.</summary>
    public static int Run(params string[] args) => Invoke(args).ExitCode;

    /// <summary>What it printed on stdout ("" when it is not installed).</summary>
    public static string Output(params string[] args) => Invoke(args).Output;

    public static string NodeName { get; } =
        Environment.GetEnvironmentVariable("RABBITMQ_NODENAME") is { Length: > 0 } node ? node : "rabbit@localhost";

    /// <summary>The exit code and what it printed on stdout (-1 and "" when it is not installed).</summary>
    public static (int ExitCode, string Output) Invoke(params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("rabbitmqctl", ["-q", "-n", NodeName, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.WaitForExit(60_000);
            return (process.ExitCode, output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
