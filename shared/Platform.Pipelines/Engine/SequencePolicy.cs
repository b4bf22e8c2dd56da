using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// <c>sequential</c>, the top-level steps, <c>finally</c> and each forEach item's chain: one child at a
/// time in declared order. After a failure (or while fail-fast stops the group) the pending
/// <c>when: success</c> children are skipped and <c>when: always|failure</c> ones still run; without a
/// failure, <c>when: failure</c> children are skipped. With <c>failFast: false</c> the following
/// steps go on after a failure.
/// </summary>
internal sealed class SequencePolicy : GroupPolicy
{
    public static readonly SequencePolicy Instance = new();

    public override void Fill(Transition t, GroupInstance group)
    {
        while (group.Active == 0 && group.Cursor < group.Children.Length)
        {
            var child = group.Children[group.Cursor++];
            if (child.IsTerminal)
            {
                continue;
            }

            if (child.Plan.When == When.Failure && !group.FailureSeen)
            {
                t.Skip(child, Reasons.NoFailureHappened);
                continue;
            }

            t.Start(child);
        }
    }
}
