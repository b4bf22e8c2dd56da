namespace Platform.Pipelines.Engine;

/// <summary>
/// Which of the run's artifacts a starting attempt is handed (<see cref="StartAttempt.Inputs"/>): the
/// ones whose files it would see in one shared directory. A step's files reach the directory, or the
/// enclosing branch's layer, when the isolated branch it wrote them in is merged, at its group's end;
/// so an artifact made in a sibling branch of a group still running (a parallel branch, a race's
/// runner, another forEach item) is not an input yet, and one made earlier in the step's own branch,
/// or before the group, is. A fire-and-forget branch's files count once that branch has ended (it is
/// merged as it ends). Groups that do not isolate (<c>isolate: false</c>, a DAG) share one directory:
/// everything made in them is an input.
/// </summary>
internal static class ArtifactVisibility
{
    /// <param name="mine">The isolated branches the step is inside, by id (<see cref="WorkspaceLayers.Of"/>).</param>
    public static IReadOnlyList<ArtifactRecord> For(EngineState state, IReadOnlyList<string>? mine)
    {
        if (state.Artifacts.Count == 0)
        {
            return [];
        }

        List<ArtifactRecord> inputs = new(state.Artifacts.Count);
        foreach (var artifact in state.Artifacts)
        {
            if (state.Find(artifact.StepId) is not { } maker || Merged(maker, mine))
            {
                inputs.Add(artifact);
            }
        }

        return inputs;
    }

    /// <summary>Whether every isolated branch <paramref name="maker"/> wrote in, other than the starting step's own (<paramref name="mine"/>), has merged.</summary>
    private static bool Merged(NodeInstance maker, IReadOnlyList<string>? mine)
    {
        for (var branch = maker; branch.Parent is { } group; branch = group)
        {
            if (!group.Plan.Isolates || mine?.Contains(branch.Id) == true)
            {
                continue;
            }

            var detached = group.Plan.Kind == PlanKind.Parallel && group.Plan.Wait.Kind == Model.WaitKind.None;
            if (!(detached ? branch.IsTerminal : group.IsTerminal))
            {
                return false;
            }
        }

        return true;
    }
}
