using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Workspaces;

/// <summary><c>isolate</c> and <c>onConflict</c> in a pipeline file: read, and wrong uses named where they stand.</summary>
public class WorkspaceKeysTests
{
    private static List<string> Errors(string yaml) =>
        PipelineLoader.Load(yaml, "p.yaml").Errors.Select(e => e.ToString()).ToList();

    [Fact]
    public void Isolate_and_on_conflict_are_read_from_groups_and_the_pipeline()
    {
        var pipeline = PipelineLoader.Load("""
            id: x
            onConflict: warn
            steps:
              - parallel:
                  isolate: false
                  onConflict: last-wins
                  steps: [ { id: a, run: 'true' } ]
              - forEach: { items: [1, 2], steps: [ { id: b, run: 'true' } ] }
            """, "p.yaml").Pipeline!;

        Assert.Equal(ConflictPolicy.Warn, pipeline.OnConflict);
        var parallel = (ParallelGroup)pipeline.Steps[0];
        Assert.False(parallel.Isolate);
        Assert.Equal(ConflictPolicy.LastWins, parallel.OnConflict);
        Assert.Null(((ForEachGroup)pipeline.Steps[1]).Isolate);
    }

    [Fact]
    public void An_unknown_on_conflict_is_an_error_with_a_suggestion() =>
        Assert.Contains("p.yaml:2:13: error: invalid onConflict 'last-win': use fail, warn, last-wins; did you mean 'last-wins'?",
            Errors("id: x\nonConflict: last-win\nsteps: [ { id: a, run: 'true' } ]\n"));

    [Fact]
    public void Isolate_on_a_sequential_group_is_an_unknown_key()
    {
        var errors = Errors("id: x\nsteps:\n  - sequential: [ { id: a, run: 'true' } ]\n    isolate: false\n");
        Assert.Contains(errors, e => e.StartsWith("p.yaml:4:5: error: ", StringComparison.Ordinal) && e.Contains("isolate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Fire_and_forget_branches_take_isolate_like_other_parallel_groups(string isolate) =>
        Assert.Empty(Errors($"id: x\nsteps:\n  - parallel: {{ wait: none, isolate: {isolate}, steps: [ {{ id: a, run: 'true' }} ] }}\n"));

    [Fact]
    public void Isolate_must_be_a_boolean() =>
        Assert.Contains(Errors("id: x\nsteps:\n  - parallel: { isolate: maybe, steps: [ { id: a, run: 'true' } ] }\n"),
            e => e.StartsWith("p.yaml:3:26: error: ", StringComparison.Ordinal));
}
