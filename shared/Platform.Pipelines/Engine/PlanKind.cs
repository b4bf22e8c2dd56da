namespace Platform.Pipelines.Engine;

/// <summary>How a plan node schedules its children; <see cref="Item"/> is one forEach item's chain.</summary>
public enum PlanKind
{
    Step,
    Sequence,
    Parallel,
    Dag,
    ForEach,
    Item,
}
