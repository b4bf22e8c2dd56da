using Platform.Pipelines.Expressions;
using Platform.Pipelines.Shell;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Checks the templates of one <c>run:</c> command: a warning where the quoting around a template
/// means its value may become code for another program, an error where a secret is used other than
/// as itself (its value never passes through templates).
/// </summary>
internal sealed class RunTemplateCheck(ReaderContext context)
{
    public void Check(Template command, ScalarLocator locator)
    {
        var holes = command.Parts().Where(p => p.Hole is not null).ToList();
        foreach (var part in holes)
        {
            var secret = part.Hole!.References().Select(r => r.Segments).FirstOrDefault(s => s.Count >= 2 && s[0] == "inputs" && context.SecretInputs.Contains(s[1]));
            if (secret is not null && ShellCommandRenderer.SecretInput(part.Hole, context.SecretInputs) is null)
            {
                context.Error(locator.At(part.Offset), $"secret input '{secret[1]}' can only be used as {{{{ inputs.{secret[1]} }}}} (or $" + secret[1] + ") in 'run': its value is never part of an expression");
            }
        }

        foreach (var (offset, where) in ShellCommandRenderer.HoleContexts(command))
        {
            if (Hazard(where) is { } hazard)
            {
                context.Warnings.AddWarning(locator.At(offset),
                    $"template {hazard}: bash gets the value as literal text, but if that text is code for another program (sh -c, python, ssh, a SQL client) the value becomes code there; pass it in an environment variable (env:) and let that program read the variable");
            }
        }
    }

    private static string? Hazard(ShellContext context) => context switch
    {
        ShellContext.SingleQuoted or ShellContext.AnsiCQuoted => "inside single quotes",
        ShellContext.Heredoc => "inside a here-document",
        ShellContext.QuotedHeredoc => "inside a quoted here-document (<<'EOF'): the body is not expanded, so it holds ${PLATFORM_T_n}, not the value",
        _ => null,
    };
}
