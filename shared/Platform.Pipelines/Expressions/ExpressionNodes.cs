namespace Platform.Pipelines.Expressions;

internal sealed class LiteralExpression(Value value) : Expression
{
    public Value Value { get; } = value;

    public override Value Evaluate(IValueResolver resolver) => Value;

    internal override void Collect(List<PathReference> into)
    {
    }
}

internal sealed class PathExpression(PathReference path) : Expression
{
    public PathReference Path { get; } = path;

    public override Value Evaluate(IValueResolver resolver) => resolver.Resolve(Path.Segments) ?? Value.Null;

    internal override void Collect(List<PathReference> into) => into.Add(Path);
}

internal sealed class NotExpression(Expression operand) : Expression
{
    public override Value Evaluate(IValueResolver resolver) => Value.Of(!operand.Evaluate(resolver).IsTruthy);

    internal override void Collect(List<PathReference> into) => operand.Collect(into);
}

internal enum BinaryOperator
{
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed class BinaryExpression(BinaryOperator op, Expression left, Expression right) : Expression
{
    public override Value Evaluate(IValueResolver resolver)
    {
        switch (op)
        {
            case BinaryOperator.And:
                var l = left.Evaluate(resolver);
                return l.IsTruthy ? right.Evaluate(resolver) : l;
            case BinaryOperator.Or:
                var first = left.Evaluate(resolver);
                return first.IsTruthy ? first : right.Evaluate(resolver);
        }

        var a = left.Evaluate(resolver);
        var b = right.Evaluate(resolver);
        return op switch
        {
            BinaryOperator.Equal => Value.Of(ValueComparer.AreEqual(a, b)),
            BinaryOperator.NotEqual => Value.Of(!ValueComparer.AreEqual(a, b)),
            BinaryOperator.Less => Value.Of(ValueComparer.Compare(a, b) is < 0),
            BinaryOperator.LessOrEqual => Value.Of(ValueComparer.Compare(a, b) is <= 0),
            BinaryOperator.Greater => Value.Of(ValueComparer.Compare(a, b) is > 0),
            BinaryOperator.GreaterOrEqual => Value.Of(ValueComparer.Compare(a, b) is >= 0),
            _ => throw new InvalidOperationException($"unknown operator {op}"),
        };
    }

    internal override void Collect(List<PathReference> into)
    {
        left.Collect(into);
        right.Collect(into);
    }
}
