using System.Diagnostics;

namespace Platform.Cli.Tests;

/// <summary>A huge or endless pipeline file is refused at the size limit, never read whole.</summary>
public sealed class OversizedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-huge-").FullName;

    [Fact]
    public async Task Validate_refuses_dev_zero_and_an_800_MB_file_within_a_second_each()
    {
        var huge = Path.Combine(_dir, "huge.yaml");
        using (var file = File.Create(huge))
        {
            file.SetLength(800L * 1024 * 1024); // sparse: costs no disk
        }

        foreach (var path in new[] { "/dev/zero", huge })
        {
            var clock = Stopwatch.StartNew();
            var stderr = new StringWriter();
            var code = Commands.ValidateCommand.Run(path, TextWriter.Null, stderr);
            clock.Stop();

            Assert.Equal(ExitCodes.Invalid, code);
            Assert.Equal($"{path}:1:1: error: the file is larger than 1024 KiB: a pipeline this big is a mistake", stderr.ToString().TrimEnd());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{path} took {clock.Elapsed}");
        }

        // And as a user runs it, a process of its own.
        var result = await CliResult.RunAsync("validate", "/dev/zero");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("/dev/zero:1:1: error: the file is larger than", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
