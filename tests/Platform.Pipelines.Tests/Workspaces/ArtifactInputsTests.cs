using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Tests.Engine;

namespace Platform.Pipelines.Tests.Workspaces;

/// <summary>
/// The artifacts handed to a starting attempt are those whose files it would see in one directory:
/// its own branch's and everything before its group, never a sibling branch's while that group runs.
/// </summary>
public class ArtifactInputsTests
{
    private static ArtifactRecord Made(string step, string path) => new(path, new string('a', 64), 1, step, 1);

    /// <summary>setup, then two branches of two steps each (a1 stores a.txt), then after.</summary>
    private static EngineDriver Driver(bool isolate) => Driver($$"""
        id: p
        steps:
          - { id: setup, run: 'true', artifacts: [setup.txt] }
          - parallel:
              id: fan
              isolate: {{(isolate ? "true" : "false")}}
              steps:
                - sequential:
                    - { id: a1, run: 'true', artifacts: [a.txt] }
                    - { id: a2, run: 'true' }
                - sequential:
                    - { id: b1, run: 'true' }
                    - { id: b2, run: 'true' }
          - { id: after, run: 'true' }
        """);

    private static EngineDriver Driver(string yaml)
    {
        var loaded = PipelineLoader.Load(yaml, "p.yaml");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        return new(loaded.Pipeline!) { AnswerMerges = true };
    }

    private static StartAttempt Start(IEnumerable<Decision> decisions, string step) => decisions.OfType<StartAttempt>().Single(s => s.StepId == step);

    private static List<string> Paths(StartAttempt start) => [.. start.Inputs.Select(a => a.Path)];

    [Fact]
    public void A_branch_gets_its_own_earlier_artifacts_and_those_from_before_the_group_but_not_a_running_siblings()
    {
        var run = Driver(isolate: true);
        run.Begin();
        var fanning = run.Send(new AttemptSucceeded(run.Advance(), "setup", 1, 0, new Dictionary<string, string>(), Artifacts: [Made("setup", "setup.txt")]));
        Assert.Equal(["setup.txt"], Paths(Start(fanning, "a1")));
        Assert.Equal(["setup.txt"], Paths(Start(fanning, "b1")));

        var a2 = run.Send(new AttemptSucceeded(run.Advance(), "a1", 1, 0, new Dictionary<string, string>(), Artifacts: [Made("a1", "a.txt")]));
        Assert.Equal(["setup.txt", "a.txt"], Paths(Start(a2, "a2"))); // same branch: it sees a1's files

        var b2 = run.Succeed("b1");
        Assert.Equal(["setup.txt"], Paths(Start(b2, "b2"))); // a sibling branch's files are not merged yet

        run.Succeed("a2");
        var after = run.Succeed("b2");
        Assert.Equal(["setup.txt", "a.txt"], Paths(Start(after, "after"))); // merged at the group's end
    }

    [Fact]
    public void Without_isolation_siblings_share_the_directory_and_each_others_artifacts()
    {
        var run = Driver(isolate: false);
        run.Begin();
        run.Succeed("setup");
        run.Send(new AttemptSucceeded(run.Advance(), "a1", 1, 0, new Dictionary<string, string>(), Artifacts: [Made("a1", "a.txt")]));
        Assert.Equal(["a.txt"], Paths(Start(run.Succeed("b1"), "b2")));
    }
}
