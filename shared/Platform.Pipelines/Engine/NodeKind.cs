namespace Platform.Pipelines.Engine;

/// <summary>What a report row stands for.</summary>
public enum NodeKind
{
    Step,
    Group,
}
