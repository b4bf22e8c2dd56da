namespace Platform.Pipelines.Expressions;

/// <summary>One piece of a <see cref="Template"/>: literal text, or a hole's expression; <see cref="Offset"/> is where it starts.</summary>
public sealed record TemplatePart(string? Literal, Expression? Hole, int Offset);
