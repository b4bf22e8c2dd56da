using CsCheck;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>CsCheck generators of valid pipelines: every construct, nested up to three levels.</summary>
internal static class RandomPipelines
{
    private static readonly SourceLocation Here = new("random.yaml", 1, 1);

    public static readonly Gen<PipelineDefinition> Pipeline =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Bool, Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 2]).Select((seed, failFast, concurrency, dag, fin) =>
        {
            var random = new Random(seed);
            var ids = new Counter();
            var steps = Children(random, ids, depth: 0, dag);
            var @finally = Enumerable.Range(0, fin).Select(_ => (Node)Step(random, ids, null)).ToList();
            return new PipelineDefinition("random", null, [], concurrency == 0 ? null : concurrency, failFast, null,
                dag ? PipelineMode.Dag : PipelineMode.Sequential, steps, @finally, [], Here);
        });

    private sealed class Counter
    {
        private int _next;

        public string Next(string prefix) => prefix + _next++;
    }

    private static List<Node> Children(Random random, Counter ids, int depth, bool dag)
    {
        var count = random.Next(1, depth == 0 ? 6 : 5);
        var nodes = new List<Node>();
        for (var i = 0; i < count; i++)
        {
            string[]? needs = null;
            if (dag && i > 0)
            {
                // Needs only point backwards, so a generated DAG never has a cycle.
                needs = nodes.Where(_ => random.Next(3) == 0).Select(n => n.Id).ToArray();
            }

            nodes.Add(depth < 3 && random.Next(4) == 0 ? Group(random, ids, depth + 1, needs) : Step(random, ids, needs));
        }

        return nodes;
    }

    private static StepNode Step(Random random, Counter ids, string[]? needs) => new()
    {
        Id = ids.Next("s"),
        Action = new SleepAction(TimeSpan.FromSeconds(random.Next(1, 4))),
        When = Pick(random, When.Success, When.Success, When.Success, When.Always, When.Failure),
        AllowFailure = random.Next(6) == 0,
        Retry = random.Next(4) == 0 ? new RetryPolicy(random.Next(2, 4), TimeSpan.FromSeconds(random.Next(0, 3)), 2, null) : null,
        Timeout = random.Next(5) == 0 ? TimeSpan.FromSeconds(random.Next(1, 5)) : null,
        If = random.Next(8) == 0 ? Expression.Parse("run.id != ''") : null,
        Needs = needs ?? [],
        Location = Here,
    };

    private static GroupNode Group(Random random, Counter ids, int depth, string[]? needs)
    {
        var kind = random.Next(4);
        var children = Children(random, ids, depth, dag: kind == 2);
        bool? failFast = random.Next(3) == 0 ? random.Next(2) == 0 : null;
        int? concurrency = random.Next(3) == 0 ? random.Next(1, 3) : null;
        var when = Pick(random, When.Success, When.Success, When.Always);
        var timeout = random.Next(8) == 0 ? TimeSpan.FromSeconds(random.Next(2, 8)) : (TimeSpan?)null;
        return kind switch
        {
            0 => new ParallelGroup
            {
                Id = ids.Next("par"), Children = children, FailFast = failFast, Concurrency = concurrency, Needs = needs ?? [], When = when, Timeout = timeout,
                Wait = Pick(random, WaitPolicy.All, WaitPolicy.All, WaitPolicy.Any, WaitPolicy.None, WaitPolicy.Quorum(Math.Min(2, children.Count))),
                Location = Here,
            },
            1 => new SequentialGroup { Id = ids.Next("seq"), Children = children, FailFast = failFast, Needs = needs ?? [], When = when, Timeout = timeout, Location = Here },
            2 => new DagGroup { Id = ids.Next("dag"), Children = children, FailFast = failFast, Concurrency = concurrency, Needs = needs ?? [], When = when, Timeout = timeout, Location = Here },
            _ => new ForEachGroup
            {
                Id = ids.Next("each"), Children = children, FailFast = failFast, Concurrency = concurrency, Needs = needs ?? [], When = when, Timeout = timeout,
                Items = new ItemsSource(Enumerable.Range(0, random.Next(0, 4)).Select(i => Value.Of(i)).ToList(), null),
                Location = Here,
            },
        };
    }

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
