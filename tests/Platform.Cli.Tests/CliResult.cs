using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>What a finished CLI process printed, and its exit code.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) => RunInAsync(null, environment, args);

    /// <param name="workingDirectory">Where the CLI starts: an embedded run's steps work there.</param>
    public static async Task<CliResult> RunInAsync(string? workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = CliProcess.StartIn(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.ExitWithin();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);
}
