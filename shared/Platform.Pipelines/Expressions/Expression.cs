namespace Platform.Pipelines.Expressions;

/// <summary>A parsed `if:` expression or the inside of a template's braces.</summary>
public abstract class Expression
{
    /// <summary>The source text, kept for messages and reports.</summary>
    public string Text { get; internal set; } = "";

    public abstract Value Evaluate(IValueResolver resolver);

    /// <summary>Every path the expression reads, for validation.</summary>
    public IEnumerable<PathReference> References()
    {
        var found = new List<PathReference>();
        Collect(found);
        return found;
    }

    internal abstract void Collect(List<PathReference> into);

    public static Expression Parse(string text) => ExpressionParser.Parse(text, 0);

    public override string ToString() => Text;
}
