using System.Text.RegularExpressions;

namespace Platform.Pipelines.Loading;

/// <summary>Names bash can export: anything else would be silently dropped by the shell.</summary>
internal static partial class EnvName
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Pattern();
}
