using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Locks;

/// <summary><c>lock:</c> as written in a pipeline file, and the one-line errors for what cannot be a lock.</summary>
public class LockLoadingTests
{
    private static PipelineDefinition Load(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "p.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Pipeline!;
    }

    private static void AssertError(string yaml, string location, string fragment)
    {
        var errors = PipelineLoader.Load(yaml, "p.yaml").Errors.Select(e => e.ToString()).ToList();
        Assert.True(errors.Any(e => e.StartsWith($"p.yaml:{location}: error: ", StringComparison.Ordinal) && e.Contains(fragment, StringComparison.Ordinal)),
            $"expected an error at {location} containing '{fragment}', got:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void A_name_a_semaphore_and_a_list_are_all_locks()
    {
        var pipeline = Load("""
            id: x
            steps:
              - { id: a, run: echo, lock: staging }
              - { id: b, run: echo, lock: { name: pool, limit: 2 } }
              - id: c
                run: echo
                lock: [db, { name: "deploy-{{ inputs.env }}" }]
            inputs:
              env: { default: dev }
            """);
        Assert.Equal(("staging", 1), (pipeline.Steps[0].Locks[0].Name.Text, pipeline.Steps[0].Locks[0].Limit));
        Assert.Equal(("pool", 2), (pipeline.Steps[1].Locks[0].Name.Text, pipeline.Steps[1].Locks[0].Limit));
        Assert.Equal(["db", "deploy-{{ inputs.env }}"], pipeline.Steps[2].Locks.Select(l => l.Name.Text));
    }

    [Fact]
    public void A_group_takes_a_lock_beside_its_kind_key() =>
        Assert.Equal("prod", Load("id: x\nsteps:\n  - parallel: [ { run: a }, { run: b } ]\n    lock: prod\n").Steps[0].Locks[0].Name.Text);

    [Theory]
    [InlineData("lock: { name: pool, limit: 0 }", "3:52", "'limit' must be a positive whole number")]
    [InlineData("lock: { limit: 2 }", "3:31", "a lock needs a 'name'")]
    [InlineData("lock: 'two words'", "3:31", "invalid lock name 'two words'")]
    [InlineData("lock: { name: a, size: 2 }", "3:42", "unknown key 'size' in a lock")]
    [InlineData("lock: [a, a]", "3:35", "lock 'a' is taken twice")]
    [InlineData("lock: 'x-{{ inputs.nope }}'", "3:37", "unknown input 'nope'")]
    public void A_bad_lock_is_one_error_with_its_place(string field, string at, string fragment) =>
        AssertError($"id: x\nsteps:\n  - {{ id: a, run: echo, {field} }}\n", at, fragment);

    [Fact]
    public void Another_lock_inside_a_locked_group_is_refused_and_the_same_one_allowed()
    {
        AssertError("id: x\nsteps:\n  - sequential:\n      - { id: a, run: echo, lock: db }\n    lock: prod\n", "4:29",
            "'a' takes lock 'db' inside group 'sequential-1', which holds lock 'prod'");
        Load("id: x\nsteps:\n  - sequential:\n      - { id: a, run: echo, lock: prod }\n    lock: prod\n");
    }
}
