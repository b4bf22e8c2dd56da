using System.Globalization;
using Platform.Contracts;

namespace Platform.Executor.Environments;

/// <summary>
/// What a step's processes see: a documented base (PATH, HOME, LANG, TMPDIR), the variables the
/// operator passes on with <see cref="ExecutorOptions.PassEnvironment"/>, the step's declared
/// <c>env</c> and template values, its secrets, and Platform's own PLATFORM_* variables — never the
/// rest of the Executor's environment (its broker URL, its signing key, cloud credentials).
/// </summary>
public static class StepEnvironment
{
    /// <summary>The base variables and what a step gets when the Executor has none.</summary>
    public static readonly IReadOnlyList<(string Name, string Fallback)> Base =
    [
        ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        ("HOME", "/"),
        ("LANG", "C.UTF-8"),
        ("TMPDIR", "/tmp"),
    ];

    public static Dictionary<string, string> Create(
        ExecuteStep step, IReadOnlyDictionary<string, string> executorEnvironment, IReadOnlyList<string> passEnvironment, IReadOnlyDictionary<string, string> platform)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(executorEnvironment);
        ArgumentNullException.ThrowIfNull(passEnvironment);
        ArgumentNullException.ThrowIfNull(platform);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, fallback) in Base)
            environment[name] = executorEnvironment.TryGetValue(name, out var value) && value.Length > 0 ? value : fallback;

        var rules = passEnvironment.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var (name, value) in executorEnvironment)
        {
            if (rules.Any(rule => Matches(rule, name)))
                environment[name] = value;
        }

        foreach (var (name, value) in step.Env)
            environment[name] = value;
        foreach (var (name, value) in step.Secrets ?? new Dictionary<string, string>())
            environment[name] = value;
        foreach (var (name, value) in platform)
            environment[name] = value;
        environment["PLATFORM_RUN_ID"] = step.RunId.ToString();
        environment["PLATFORM_STEP_ID"] = step.StepId;
        environment["PLATFORM_ATTEMPT"] = step.Attempt.ToString(CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>The Executor's own environment as a dictionary.</summary>
    public static Dictionary<string, string> OfThisProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
            environment[(string)variable.Key] = (string?)variable.Value ?? "";
        return environment;
    }

    /// <summary><c>NAME</c> matches that name; <c>PREFIX*</c> every name starting with PREFIX.</summary>
    static bool Matches(string rule, string name) => rule.EndsWith('*')
        ? name.StartsWith(rule[..^1], StringComparison.Ordinal)
        : string.Equals(rule, name, StringComparison.Ordinal);
}
