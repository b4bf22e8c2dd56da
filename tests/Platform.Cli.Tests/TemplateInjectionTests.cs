using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>
/// An input or a step output holding shell syntax is run by nothing: `platform run` as a user runs it,
/// with the values that used to break out of the command.
/// </summary>
public sealed class TemplateInjectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-injection-").FullName;

    public static TheoryData<string> Payloads => new()
    {
        "x; touch MARKER",
        "$(touch MARKER)",
        "`touch MARKER`",
        "x'; touch MARKER; echo '",
        "x\" && touch MARKER && echo \"",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_value_with_shell_syntax_runs_nothing_and_arrives_literally(string payload)
    {
        var marker = Path.Combine(_dir, "pwned");
        var value = payload.Replace("MARKER", marker, StringComparison.Ordinal);
        var pipeline = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(pipeline, $$$"""
            id: injection
            inputs:
              name: { type: string }
            steps:
              - { id: unquoted, run: "printf '%s' hello {{ inputs.name }} > {{{_dir}}}/unquoted" }
              - { id: quoted, run: "printf '%s' \"hello {{ inputs.name }}\" > {{{_dir}}}/quoted" }
              - { id: single, run: "printf '%s' 'hello {{ inputs.name }}' > {{{_dir}}}/single" }
              - { id: direct, run: "/usr/bin/mkdir -p {{ inputs.name }}", workdir: {{{_dir}}}/direct }
              - { id: out, run: "printf 'v=%s\\n' \"{{ inputs.name }}\" >> \"$PLATFORM_OUTPUT\"" }
              - { id: chained, run: "printf '%s' {{ steps.out.outputs.v }} > {{{_dir}}}/chained" }
            """);
        Directory.CreateDirectory(Path.Combine(_dir, "direct"));

        var result = await CliResult.RunAsync("run", pipeline, "--input", $"name={value}", "--store", "memory", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(File.Exists(marker), "a template value ran as shell code");
        Assert.Equal("hello" + value, await File.ReadAllTextAsync(Path.Combine(_dir, "unquoted")));
        Assert.Equal("hello " + value, await File.ReadAllTextAsync(Path.Combine(_dir, "quoted")));
        Assert.Equal("hello " + value, await File.ReadAllTextAsync(Path.Combine(_dir, "single")));
        Assert.Equal(value, await File.ReadAllTextAsync(Path.Combine(_dir, "chained")));
        // The direct path gave the whole value to mkdir as one argument: a directory of exactly that name.
        Assert.True(Directory.Exists(Path.Combine(_dir, "direct", value)), "mkdir did not get the value as one argument");
        Assert.Equal("succeeded", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("status").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
