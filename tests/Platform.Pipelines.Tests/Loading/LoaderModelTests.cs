using Platform.Pipelines.Expressions;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Loading;

/// <summary>The loader builds the model each construct of the language describes.</summary>
public class LoaderModelTests
{
    private static PipelineDefinition Load(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "p.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Pipeline!;
    }

    [Fact]
    public void A_full_pipeline_header_is_read()
    {
        var p = Load("""
            id: release
            description: Ship it
            inputs:
              env: { type: string, default: dev }
              regions: { type: list, default: [eu, us] }
              count: { type: number }
            concurrency: 8
            failFast: false
            timeout: 30m
            mode: dag
            steps:
              - { id: a, run: echo }
            notify:
              - { on: [failed], webhook: http://localhost:9000/hooks/ci }
              - { log: run finished }
            """);

        Assert.Equal(("release", "Ship it", 8, false, TimeSpan.FromMinutes(30), PipelineMode.Dag), (p.Id, p.Description, p.Concurrency, p.FailFast, p.Timeout, p.Mode));
        Assert.Equal(["env", "regions", "count"], p.Inputs.Select(i => i.Name));
        Assert.Equal(Value.Of([Value.Of("eu"), Value.Of("us")]), p.Inputs[1].Default);
        Assert.Null(p.Inputs[2].Default);
        Assert.Equal([RunOutcome.Failed], p.Notify[0].On);
        Assert.Equal("http://localhost:9000/hooks/ci", p.Notify[0].Webhook);
        Assert.Equal(3, p.Notify[1].On.Count);
    }

    [Fact]
    public void Steps_read_their_action_and_common_fields()
    {
        var p = Load("""
            id: x
            steps:
              - id: build
                name: Build it
                run: [make, make install]
                if: inputs.env == 'prod'
                timeout: 1m30s
                retry: { attempts: 3, delay: 2s, backoff: 2, maxDelay: 10s }
                allowFailure: true
                env: { MODE: "{{ inputs.env }}" }
                workdir: /tmp
              - { id: wait, sleep: PT1M30S }
              - id: ping
                http: { url: "http://localhost/health", method: post, expect: [200, 204], body: "{}" }
            inputs:
              env: dev
            """);

        var build = (StepNode)p.Steps[0];
        Assert.Equal(["make", "make install"], ((RunAction)build.Action).Commands.Select(c => c.Text));
        Assert.Equal("Build it", build.Name);
        Assert.Equal("inputs.env == 'prod'", build.If!.Text);
        Assert.Equal(TimeSpan.FromSeconds(90), build.Timeout);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(10)), build.Retry);
        Assert.True(build.AllowFailure);
        Assert.Equal("{{ inputs.env }}", build.Env["MODE"].Text);
        Assert.Equal(TimeSpan.FromSeconds(90), ((SleepAction)((StepNode)p.Steps[1]).Action).Duration);
        var http = (HttpAction)((StepNode)p.Steps[2]).Action;
        Assert.Equal("POST", http.Method);
        Assert.Equal([200, 204], http.Expect);
    }

    [Fact]
    public void Groups_of_every_kind_are_read_with_their_options()
    {
        var p = Load("""
            id: x
            steps:
              - parallel: [ { id: a, run: echo }, { id: b, run: echo } ]
              - parallel:
                  id: race
                  wait: any
                  concurrency: 2
                  failFast: false
                  steps: [ { id: c, run: echo }, { id: d, run: echo } ]
              - id: quorum
                parallel:
                  wait: 2
                  steps: [ { id: e, run: echo }, { id: f, run: echo } ]
              - sequential: [ { id: g, run: echo } ]
              - dag:
                  steps:
                    - { id: h, run: echo }
                    - { id: i, needs: [h], when: always, run: echo }
              - forEach:
                  items: [eu, us]
                  concurrency: 1
                  steps: [ { id: j, run: "echo {{ item }}" } ]
            """);

        Assert.IsType<ParallelGroup>(p.Steps[0]);
        Assert.True(p.Steps[0].IdGenerated);
        Assert.Equal("parallel-1", p.Steps[0].Id);
        var race = (ParallelGroup)p.Steps[1];
        Assert.Equal((WaitPolicy.Any, 2, (bool?)false), (race.Wait, race.Concurrency, race.FailFast));
        Assert.Equal(WaitPolicy.Quorum(2), ((ParallelGroup)p.Steps[2]).Wait);
        Assert.Equal("quorum", p.Steps[2].Id);
        Assert.IsType<SequentialGroup>(p.Steps[3]);
        var dag = (DagGroup)p.Steps[4];
        Assert.Equal(["h"], dag.Children[1].Needs);
        Assert.Equal(When.Always, dag.Children[1].When);
        var forEach = (ForEachGroup)p.Steps[5];
        Assert.Equal([Value.Of("eu"), Value.Of("us")], forEach.Items.Literal!);
        Assert.Equal(1, forEach.Concurrency);
    }

    [Fact]
    public void Generated_ids_follow_the_position_and_never_take_a_written_one()
    {
        var p = Load("id: x\nsteps:\n  - { run: echo }\n  - { id: step-1, run: echo }\nfinally:\n  - { run: echo }\n");

        Assert.Equal(["step-1_2", "step-1"], p.Steps.Select(s => s.Id));
        Assert.Equal("finally-step-1", p.Finally[0].Id);
    }

    [Fact]
    public void Every_example_pipeline_is_valid()
    {
        var examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.yaml");
        Assert.True(examples.Length >= 6, $"expected at least six examples, found {examples.Length}");
        foreach (var file in examples)
        {
            var result = PipelineLoader.LoadFile(file);
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
        }
    }
}
