using System.Text.RegularExpressions;
using Platform.Pipelines.Engine;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>A started run step's first command as bash would see it: each template reference replaced by its value.</summary>
internal static partial class Expanded
{
    public static string Command(StartAttempt start) =>
        Reference().Replace(((ResolvedRun)start.Action).Commands[0], m => start.Env[m.Groups[1].Value]);

    [GeneratedRegex("\"?\\$\\{(PLATFORM_T_[0-9]+)\\}\"?")]
    private static partial Regex Reference();
}
