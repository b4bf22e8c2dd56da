using Platform.Pipelines.Expressions;
using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Loading;

public class InputBinderTests
{
    private static readonly PipelineDefinition Pipeline = PipelineLoader.Load("""
        id: x
        inputs:
          env: { type: string, default: dev }
          replicas: { type: number, default: 2 }
          dry: { type: boolean, default: false }
          regions: { type: list, default: [eu] }
          token: { type: string }
        steps:
          - { id: a, run: echo }
        """, "p.yaml").Pipeline!;

    private static (IReadOnlyDictionary<string, Value> Values, IReadOnlyList<string> Errors) Bind(params (string, string)[] given) =>
        InputBinder.Bind(Pipeline, given.ToDictionary(g => g.Item1, g => g.Item2));

    [Fact]
    public void Given_values_are_typed_and_defaults_fill_the_rest()
    {
        var (values, errors) = Bind(("token", "t"), ("replicas", "5"), ("dry", "true"), ("regions", "eu, us ,ap"));

        Assert.Empty(errors);
        Assert.Equal(Value.Of("dev"), values["env"]);
        Assert.Equal(Value.Of(5), values["replicas"]);
        Assert.Equal(Value.True, values["dry"]);
        Assert.Equal(Value.Of([Value.Of("eu"), Value.Of("us"), Value.Of("ap")]), values["regions"]);
    }

    [Fact]
    public void A_list_may_be_given_as_a_json_array() =>
        Assert.Equal(Value.Of([Value.Of("a,b"), Value.Of(3)]), Bind(("token", "t"), ("regions", "[\"a,b\", 3]")).Values["regions"]);

    [Fact]
    public void A_missing_required_input_is_an_error_naming_it() =>
        Assert.Contains(Bind().Errors, e => e.Contains("missing required input 'token'", StringComparison.Ordinal));

    [Fact]
    public void An_unknown_input_is_an_error_with_a_suggestion() =>
        Assert.Contains(Bind(("token", "t"), ("evn", "prod")).Errors, e => e.Contains("unknown input 'evn'; did you mean 'env'?", StringComparison.Ordinal));

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error() =>
        Assert.Contains(Bind(("token", "t"), ("replicas", "many")).Errors, e => e.Contains("input 'replicas' must be a number", StringComparison.Ordinal));
}
