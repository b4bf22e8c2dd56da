namespace Platform.Pipelines.Expressions;

/// <summary>Gives the value of a dotted path such as steps.build.outputs.version.</summary>
public interface IValueResolver
{
    /// <summary>Returns null when the path names nothing (a missing output, an unknown step).</summary>
    Value? Resolve(IReadOnlyList<string> path);
}
