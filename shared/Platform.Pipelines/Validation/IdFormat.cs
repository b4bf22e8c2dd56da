using System.Text.RegularExpressions;

namespace Platform.Pipelines.Validation;

/// <summary>
/// Pipeline, step and group ids: `[a-z0-9][a-z0-9_-]*`. Lowercase and no dots, so an id is
/// safe in a file name, a queue name and an expression path (steps.ID.status).
/// </summary>
public static partial class IdFormat
{
    public const string Rule = "use lowercase letters, digits, '-' and '_', starting with a letter or digit";

    public static bool IsValid(string id) => ValidId().IsMatch(id);

    /// <summary>Input names are read as inputs.NAME in expressions, so they follow identifier rules.</summary>
    public static bool IsValidInputName(string name) => ValidInputName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ValidId();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex ValidInputName();
}
