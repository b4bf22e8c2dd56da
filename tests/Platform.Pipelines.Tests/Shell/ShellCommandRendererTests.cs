using System.Diagnostics;
using CsCheck;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Shell;

namespace Platform.Pipelines.Tests.Shell;

/// <summary>
/// Template values in run commands are data: rendered commands are run by a real bash with the
/// values in the environment, and must print the value exactly — and run nothing it holds.
/// </summary>
public sealed class ShellCommandRendererTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shell-render-").FullName;

    private string Marker => Path.Combine(_dir, "pwned");

    /// <summary>Each command prints the template's value between [ and ]; the second item is what bash should print.</summary>
    private static readonly (string Command, string Expected)[] Contexts =
    [
        ("printf '[%s]' {{ inputs.v }}", "[{0}]"),
        ("printf '[%s]' \"{{ inputs.v }}\"", "[{0}]"),
        ("printf '[%s]' \"pre {{ inputs.v }} post\"", "[pre {0} post]"),
        ("printf '[%s]' '{{ inputs.v }}'", "[{0}]"),
        ("printf '[%s]' 'a {{ inputs.v }} b'", "[a {0} b]"),
        ("printf '[%s]' $'x{{ inputs.v }}y'", "[x{0}y]"),
        ("printf '[%s]' \"$(printf '%s' {{ inputs.v }})\"", "[{0}]"),
        ("printf '[%s]' \"`printf '%s' {{ inputs.v }}`\"", "[{0}]"),
        ("X={{ inputs.v }}; printf '[%s]' \"$X\"", "[{0}]"),
        ("printf '[%s]' {{ inputs.v }}{{ inputs.v }}", "[{0}{0}]"),
        ("cat <<EOF\n[{{ inputs.v }}]\nEOF", "[{0}]\n"),
        ("cat <<-'EOF'\n\tsafe\n\tEOF\nprintf '[%s]' {{ inputs.v }}", "safe\n[{0}]"),
        ("true # {{ inputs.v }}\nprintf '[%s]' {{ inputs.v }}", "[{0}]"),
    ];

    public static TheoryData<string> Payloads => new()
    {
        "x; touch MARKER",
        "$(touch MARKER)",
        "`touch MARKER`",
        "x'; touch MARKER; echo '",
        "x\"; touch MARKER; echo \"",
        "a  b\tc *",
        "\\\"$HOME",
        "EOF\ntouch MARKER\nEOF",
        "}\"; touch MARKER; \"${",
        "-n",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void A_value_arrives_literally_and_runs_nothing_in_every_quoting_context(string payload)
    {
        var value = payload.Replace("MARKER", Marker, StringComparison.Ordinal);
        foreach (var (command, expected) in Contexts)
        {
            var printed = RunRendered(command, value);
            Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, value), printed);
            Assert.False(File.Exists(Marker), $"'{command}' with '{value}' ran the value as shell code");
        }
    }

    [Fact]
    public void Any_value_arrives_literally_unquoted_and_quoted()
    {
        // Strings built from the characters that mean something to bash.
        Gen.String[Gen.Char["'\"`$(){};&|<>\\ *?[]!#~\n\tabcEOF-"], 0, 30].Sample(value =>
        {
            Assert.Equal($"[{value}]", RunRendered("printf '[%s]' {{ inputs.v }}", value));
            Assert.Equal($"[<{value}>]", RunRendered("printf '[%s]' \"<{{ inputs.v }}>\"", value));
            Assert.Equal($"[<{value}>]", RunRendered("printf '[%s]' '<{{ inputs.v }}>'", value));
            Assert.False(File.Exists(Marker));
        }, iter: 60);
    }

    [Theory]
    [InlineData("echo $(( {{ inputs.v }} + 1 ))")]
    [InlineData("echo $(( \"{{ inputs.v }}\" + 1 ))")]
    [InlineData("(( x = {{ inputs.v }} )); echo $(( x + 1 ))")]
    [InlineData("echo $(( $(echo {{ inputs.v }}) + 1 ))")]
    public void In_shell_arithmetic_only_a_whole_number_is_let_through(string command)
    {
        Assert.Equal("42\n", RunRendered(command, "41"));

        var value = $"a[$(touch {Marker})]";
        var refused = Assert.Throws<Platform.Pipelines.Engine.TemplateException>(() => RunRendered(command, value));
        Assert.Contains("is used in shell arithmetic", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void Parentheses_and_arithmetic_end_where_bash_ends_them() =>
        Assert.Equal("[a;b]3", RunRendered("x=$( (echo 1) ); printf '[%s]' {{ inputs.v }}; echo -n $(( (1 + 2) ))", "a;b"));

    [Fact]
    public void A_command_without_templates_is_left_as_written()
    {
        var rendered = ShellCommandRenderer.Render([Template.Parse("echo \"$HOME\" 'x'")], new Resolver(""), new HashSet<string>());
        Assert.Equal("echo \"$HOME\" 'x'", rendered.Commands[0]);
        Assert.Empty(rendered.Values);
    }

    [Fact]
    public void A_secret_input_is_referenced_by_its_own_variable_and_its_value_is_never_asked_for()
    {
        var rendered = ShellCommandRenderer.Render([Template.Parse("curl -H \"Authorization: {{ inputs.token }}\" {{ inputs.token }}")],
            new Resolver("never"), new HashSet<string> { "token" });
        Assert.Equal("curl -H \"Authorization: ${token}\" \"${token}\"", rendered.Commands[0]);
        Assert.Empty(rendered.Values);
    }

    private string RunRendered(string command, string value)
    {
        var rendered = ShellCommandRenderer.Render([Template.Parse(command)], new Resolver(value), new HashSet<string>());
        var info = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-c", rendered.Commands[0]])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        foreach (var (name, v) in rendered.Values)
        {
            info.Environment[name] = v;
        }

        using var bash = Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEnd();
        var error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, $"'{rendered.Commands[0]}' failed: {error}");
        return output;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Resolver(string value) : IValueResolver
    {
        public Value? Resolve(IReadOnlyList<string> path) => Value.Of(value);
    }
}
