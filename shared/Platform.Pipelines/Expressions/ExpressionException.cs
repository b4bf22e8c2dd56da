namespace Platform.Pipelines.Expressions;

/// <summary>A syntax error at a 0-based offset of the expression or template text.</summary>
public sealed class ExpressionException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
