using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Extensions;
using Platform.Executor.Running;
using Platform.Executor.Scratch;

namespace Platform.Executor.Tests;

/// <summary>Scratch files (the rendered script, PLATFORM_OUTPUT) are private, and never left behind.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScratchFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Directory.CreateTempSubdirectory("scratch-tests-").FullName, "work");

    private ServiceProvider Executor() => new ServiceCollection().AddExecutor(o => o.WorkRoot = _root).BuildServiceProvider();

    [Fact]
    public async Task A_steps_scratch_files_are_0600_in_a_0700_folder_and_removed_when_it_ends()
    {
        await using var services = Executor();
        var modes = Path.Combine(_root, "..", "modes");
        var step = new ExecuteStep(Guid.NewGuid(), "a", 1, [$"stat -c '%a %n' \"$PLATFORM_OUTPUT\" \"$0\" \"$(dirname \"$0\")\" \"{_root}\" > {modes}"],
            null, null, new Dictionary<string, string>(), null, null);

        var result = await services.GetRequiredService<StepAttemptRunner>().RunAsync(step, CancellationToken.None);

        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        var lines = await File.ReadAllLinesAsync(modes);
        Assert.Equal(["600", "600", "700", "700"], lines.Select(l => l.Split(' ')[0]));
        var scratch = services.GetRequiredService<ScratchFolder>().Path;
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        Assert.All(lines.Take(2), l => Assert.False(File.Exists(l[4..]), $"{l[4..]} was left behind"));
    }

    [Fact]
    public void At_start_an_Executor_removes_what_a_dead_one_left_and_keeps_a_living_ones()
    {
        Directory.CreateDirectory(Path.Combine(_root, "dead-executor"));
        File.WriteAllText(Path.Combine(_root, "dead-executor", "0123.sh"), "echo secret");
        File.WriteAllText(Path.Combine(_root, "dead-executor.lock"), "");
        Directory.CreateDirectory(Path.Combine(_root, "living-executor"));
        using var living = new FileStream(Path.Combine(_root, "living-executor.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);

        using (var services = Executor())
        {
            _ = services.GetRequiredService<ScratchFolder>();

            Assert.False(Directory.Exists(Path.Combine(_root, "dead-executor")));
            Assert.False(File.Exists(Path.Combine(_root, "dead-executor.lock")));
            Assert.True(Directory.Exists(Path.Combine(_root, "living-executor")));
        }

        // Stopping cleanly removes its own folder too.
        Assert.Equal(["living-executor", "living-executor.lock"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);
}
