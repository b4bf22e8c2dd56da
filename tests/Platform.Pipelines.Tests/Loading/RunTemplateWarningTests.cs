using Platform.Pipelines.Loading;

namespace Platform.Pipelines.Tests.Loading;

/// <summary>validate warns where a template in a run command stands in quoting that cannot make it safe.</summary>
public class RunTemplateWarningTests
{
    private static List<string> Warnings(string run)
    {
        var result = PipelineLoader.Load($"id: x\ninputs: {{ v: {{ type: string, default: a }} }}\nsteps:\n  - id: a\n    run: {run}\n", "p.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Warnings.Select(w => w.ToString()).ToList();
    }

    [Fact]
    public void A_template_inside_single_quotes_is_warned_about_where_it_stands()
    {
        var warning = Assert.Single(Warnings("\"sh -c 'echo {{ inputs.v }}'\""));
        Assert.StartsWith("p.yaml:5:23: warning: template inside single quotes", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_inside_a_here_document_is_warned_about()
    {
        var warning = Assert.Single(Warnings("|\n      psql <<SQL\n      select '{{ inputs.v }}';\n      SQL"));
        Assert.Contains("warning: template inside a here-document", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Unquoted_and_double_quoted_templates_are_safe_and_not_warned_about() =>
        Assert.Empty(Warnings("echo {{ inputs.v }} \"{{ inputs.v }}\" \"$(echo {{ inputs.v }})\""));
}
