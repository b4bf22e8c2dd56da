using System.Globalization;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>forEach</c>: the items are read when the group starts, and each becomes a chain (a sequence,
/// id <c>ID[i]</c>) running the steps in order, up to <c>concurrency</c> items at once; otherwise a
/// parallel group. The run's step cap (<see cref="EngineState.MaxSteps"/>) applies to the expansion.
/// </summary>
internal sealed class ForEachPolicy : ParallelPolicy
{
    public static new readonly ForEachPolicy Instance = new();

    public override bool Begin(Transition t, GroupInstance group)
    {
        var source = ((ForEachGroup)group.Plan.Source!).Items;
        IReadOnlyList<Value> items;
        try
        {
            items = ItemsExpander.Expand(source, t.Resolver(group, strict: !t.State.LenientTemplates));
        }
        catch (TemplateException e)
        {
            t.Finish(group, StepStatus.Failed, Reasons.ItemsError(e.Message));
            return false;
        }

        var chain = group.Plan.Children[0];
        var wouldBe = t.State.StepInstances + ((long)items.Count * chain.StepCount);
        if (wouldBe > t.State.MaxSteps)
        {
            t.Finish(group, StepStatus.Failed, Reasons.TooManySteps(group.Id, wouldBe, t.State.MaxSteps));
            return false;
        }

        var children = new NodeInstance[items.Count];
        for (var i = 0; i < children.Length; i++)
        {
            var suffix = group.Suffix + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            children[i] = t.State.Instantiate(chain, group.Plan.Id + suffix, group, i, suffix, items[i]);
        }

        group.Children = children;
        return true;
    }
}
