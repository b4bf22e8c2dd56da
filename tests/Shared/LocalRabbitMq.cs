using System.Diagnostics;

namespace Platform.Tests.Shared;

/// <summary>rabbitmqctl against the local node (rabbit@localhost) that ./test.sh starts.</summary>
internal static class LocalRabbitMq
{
    /// <summary>The exit code; -1 when rabbitmqctl is not installed.</summary>
    public static int Run(params string[] args) => Invoke(args).ExitCode;

    /// <summary>What it printed on stdout ("" when it is not installed).</summary>
    public static string Output(params string[] args) => Invoke(args).Output;

    private static (int ExitCode, string Output) Invoke(string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("rabbitmqctl", ["-q", "-n", "rabbit@localhost", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            process.WaitForExit(60_000);
            return (process.ExitCode, output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
