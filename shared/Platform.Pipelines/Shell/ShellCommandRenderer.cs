using System.Text;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Shell;

/// <summary>
/// Renders a <c>run:</c> step's commands so that template values are data, never shell syntax: each
/// <c>{{ … }}</c> becomes a reference to an environment variable (<c>PLATFORM_T_1</c>, <c>PLATFORM_T_2</c>, …)
/// holding its value, written so bash reads it as <c>"$VALUE"</c> would be read where it stands.
/// A secret input is referenced by its own variable and its value never passes through here.
/// </summary>
public static class ShellCommandRenderer
{
    public const string VariablePrefix = "PLATFORM_T_";

    public static RenderedCommands Render(IReadOnlyList<Template> commands, IValueResolver resolver, IReadOnlySet<string> secretInputs)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rendered = new List<string>(commands.Count);
        foreach (var command in commands)
        {
            if (command.IsLiteral)
            {
                rendered.Add(command.Text);
                continue;
            }

            var scanner = new ShellScanner();
            var text = new StringBuilder();
            foreach (var part in command.Parts())
            {
                if (part.Hole is not { } hole)
                {
                    text.Append(part.Literal);
                    scanner.Feed(part.Literal!);
                    continue;
                }

                var name = SecretInput(hole, secretInputs);
                if (name is null)
                {
                    name = VariablePrefix + (values.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var value = hole.Evaluate(resolver).Render();
                    if (scanner.InArithmetic && !IsWholeNumber(value))
                    {
                        // Bash would evaluate the variable's contents (a[$(cmd)] runs cmd): only a number may stand here.
                        throw new TemplateException($"{{{{{hole.Text}}}}} is used in shell arithmetic, where only a whole number is safe; its value is not one");
                    }

                    values[name] = value;
                }

                text.Append(Reference(scanner.Context, name));
                scanner.FeedWord();
            }

            rendered.Add(text.ToString());
        }

        return new RenderedCommands(rendered, values);
    }

    /// <summary>The quoting context of each hole of <paramref name="command"/>, with the hole's offset.</summary>
    public static IEnumerable<(int Offset, ShellContext Context)> HoleContexts(Template command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var scanner = new ShellScanner();
        foreach (var part in command.Parts())
        {
            if (part.Hole is null)
            {
                scanner.Feed(part.Literal!);
                continue;
            }

            yield return (part.Offset, scanner.Context);
            scanner.FeedWord();
        }
    }

    /// <summary>
    /// How a variable is referenced so its value stays one literal string: quoted where bash would split
    /// or glob it; inside '…' and $'…' the quote is closed, the reference spliced in, and the quote reopened.
    /// Where bash expands nothing (a quoted here-document, a comment) the reference stays as text.
    /// </summary>
    public static string Reference(ShellContext context, string name) => context switch
    {
        ShellContext.Unquoted or ShellContext.Arithmetic => $"\"${{{name}}}\"",
        ShellContext.DoubleQuoted => $"${{{name}}}",
        ShellContext.SingleQuoted => $"'\"${{{name}}}\"'",
        ShellContext.AnsiCQuoted => $"'\"${{{name}}}\"$'",
        ShellContext.Heredoc or ShellContext.QuotedHeredoc or ShellContext.Comment => $"${{{name}}}",
        _ => throw new ArgumentOutOfRangeException(nameof(context), context, "unknown shell context"),
    };

    private static bool IsWholeNumber(string value) =>
        value.Length is > 0 and < 20 && (value[0] == '-' ? value.Length > 1 && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0 : value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0);

    /// <summary>The input's name when the hole is exactly <c>inputs.NAME</c> of a secret input.</summary>
    internal static string? SecretInput(Expression hole, IReadOnlySet<string> secretInputs) =>
        hole is PathExpression { Path.Segments: ["inputs", var name] } && secretInputs.Contains(name) ? name : null;
}
