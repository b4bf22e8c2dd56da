using Platform.Executor.Processes;

namespace Platform.Executor.Tests;

/// <summary>Which `run` commands are executed without bash: only those bash would run unchanged.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DirectCommandTests : IDisposable
{
    private static readonly string Path_ = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
    private readonly string _dir = Directory.CreateTempSubdirectory("direct-command-").FullName;

    [Theory]
    [InlineData("true")]
    [InlineData("ls -la /tmp")]
    [InlineData("env  FOO=bar")]
    [InlineData("sleep 0.1")]
    public void A_plain_program_with_plain_arguments_runs_directly(string command)
    {
        var program = DirectCommand.TryParse([command], Path_, _dir);

        Assert.NotNull(program);
        Assert.True(Path.IsPathRooted(program[0]), program[0]);
        Assert.Equal(command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..], program.Skip(1));
    }

    [Theory]
    [InlineData("echo hi")] // a builtin that differs from /bin/echo in details
    [InlineData("true --help")] // /bin/true prints help, the builtin does not
    [InlineData("cd /tmp")]
    [InlineData("ls *.txt")]
    [InlineData("ls $HOME")]
    [InlineData("ls ~")]
    [InlineData("ls 'a b'")]
    [InlineData("ls > out")]
    [InlineData("true && false")]
    [InlineData("FOO=1 env")]
    [InlineData("ls {a,b}")]
    [InlineData("ls\tx")]
    [InlineData("no-such-command-anywhere")]
    public void Anything_bash_would_treat_differently_goes_to_bash(string command) =>
        Assert.Null(DirectCommand.TryParse([command], Path_, _dir));

    [Fact]
    public void Several_commands_go_to_bash() => Assert.Null(DirectCommand.TryParse(["true", "true"], Path_, _dir));

    [Fact]
    public void A_script_without_a_shebang_goes_to_bash_which_runs_it_as_bash()
    {
        var plain = Path.Combine(_dir, "plain");
        var shebang = Path.Combine(_dir, "shebang");
        File.WriteAllText(plain, "echo hi\n");
        File.WriteAllText(shebang, "#!/bin/sh\necho hi\n");
        foreach (var file in new[] { plain, shebang })
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Null(DirectCommand.TryParse(["./plain"], Path_, _dir));
        Assert.Equal([shebang, "x"], DirectCommand.TryParse(["./shebang x"], Path_, _dir));
    }

    [Fact]
    public void The_first_executable_on_the_path_decides_as_it_does_for_bash()
    {
        var first = Directory.CreateDirectory(Path.Combine(_dir, "first")).FullName;
        var plain = Path.Combine(first, "ls");
        File.WriteAllText(plain, "echo not really ls\n");
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        // bash would run first/ls (as a bash script), not /usr/bin/ls.
        Assert.Null(DirectCommand.TryParse(["ls"], $"{first}:{Path_}", _dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
