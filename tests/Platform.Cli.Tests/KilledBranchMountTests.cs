using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Cli.Tests;

/// <summary>kill -9 of the process running isolated branches leaves nothing mounted, and the next start removes their layers.</summary>
public sealed class KilledBranchMountTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("platform-killed-branches-").FullName;

    private string WorkRoot => Path.Combine(_root, "work");

    private string Markers => Path.Combine(_root, "markers");

    private Process Start(string yaml)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "dir")).FullName;
        var file = Path.Combine(_root, $"p{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        info.Environment["PLATFORM_Executor__WorkRoot"] = WorkRoot;
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "platform.dll"), "run", file, "--store", "memory" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    [Fact]
    public async Task Kill_9_mid_group_leaves_no_overlay_mounted_and_the_next_start_removes_the_layers()
    {
        Directory.CreateDirectory(Markers);
        using var run = Start($$"""
            id: killed
            steps:
              - parallel:
                  - { id: a, run: 'echo a > a.txt; echo $$ > {{Markers}}/a; sleep 60' }
                  - { id: b, run: 'echo b > b.txt; echo $$ > {{Markers}}/b; sleep 60' }
            """);
        try
        {
            await TestProcesses.WaitFor(() => File.Exists(Path.Combine(Markers, "a")) && File.Exists(Path.Combine(Markers, "b")), Bound);
            var pid = File.ReadAllText(Path.Combine(Markers, "a")).Trim();
            await TestProcesses.WaitFor(() => MountsOf(pid).Any(), Bound); // the branch runs under its overlay

            run.Kill(); // SIGKILL
            await run.WaitForExitAsync(new CancellationTokenSource(Bound).Token);
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }

        await TestProcesses.WaitFor(() => !AnyProcessMounts(), Bound);
        Assert.True(Directory.EnumerateDirectories(WorkRoot).Any(), "the killed process's scratch folder (with its layers) should be left for the next start");

        using var next = Start("id: next\nsteps:\n  - { id: x, run: 'true' }\n");
        await next.WaitForExitAsync(new CancellationTokenSource(Bound).Token);
        Assert.Equal(0, next.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkRoot));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "dir")));
    }

    /// <summary>The overlay lines naming this test's scratch folder in a process's mount table (none once it is gone).</summary>
    private IEnumerable<string> MountsOf(string pid)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/mounts").Where(l => l.StartsWith("overlay ", StringComparison.Ordinal) && l.Contains(WorkRoot, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Mount namespaces live as long as a process in them: is any process still seeing one of our overlays?</summary>
    private bool AnyProcessMounts() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Any(pid => MountsOf(pid!).Any());

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
