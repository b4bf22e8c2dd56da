using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>Turns `--input name=value` strings into typed input values, applying defaults.</summary>
public static class InputBinder
{
    /// <summary>Errors name the input: unknown input, missing required input, value of the wrong type.</summary>
    public static (IReadOnlyDictionary<string, Value> Values, IReadOnlyList<string> Errors) Bind(
        PipelineDefinition pipeline, IReadOnlyDictionary<string, string> given) =>
        throw new NotImplementedException("the input binder is being written");
}
