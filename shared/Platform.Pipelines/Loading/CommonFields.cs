using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>The fields every step and group shares, read once and copied onto the node.</summary>
internal sealed record CommonFields(
    string Id,
    bool IdGenerated,
    string? Name,
    Expression? If,
    TimeSpan? Timeout,
    IReadOnlyList<string> Needs,
    When When,
    bool AllowFailure,
    IReadOnlyList<LockSpec> Locks)
{
    public T ApplyTo<T>(T node)
        where T : Node =>
        (T)(((Node)node) with
        {
            Id = Id,
            IdGenerated = IdGenerated,
            Name = Name,
            If = If,
            Timeout = Timeout,
            Needs = Needs,
            When = When,
            AllowFailure = AllowFailure,
            Locks = Locks,
        });
}
