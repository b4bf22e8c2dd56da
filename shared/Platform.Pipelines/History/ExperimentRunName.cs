using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Pipelines.History;

/// <summary>
/// How the runs of one <c>platform experiment</c> are named, so the console and the API can find
/// them in the store again: <c>experiment-20261203T201512345-p4-r2</c> — the experiment (when it
/// began, UTC, to the millisecond), the level, the round.
/// </summary>
public static partial class ExperimentRunName
{
    private const string StampFormat = "yyyyMMdd'T'HHmmssfff";

    /// <summary>The experiment's own name, from when it began.</summary>
    public static string Experiment(DateTimeOffset began) => "experiment-" + began.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);

    public static string Of(string experiment, int level, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"{experiment}-p{level}-r{round}");

    /// <summary>The experiment and level a run's name says it belongs to; false for any other name.</summary>
    public static bool TryParse(string? name, out string experiment, out int level)
    {
        var match = name is null ? Match.Empty : Pattern().Match(name);
        experiment = match.Success ? match.Groups["experiment"].Value : "";
        level = match.Success ? int.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    /// <summary>When the experiment began, read back from its name.</summary>
    public static DateTimeOffset? BeganAt(string experiment) =>
        DateTime.TryParseExact(experiment["experiment-".Length..], StampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;

    [GeneratedRegex(@"^(?<experiment>experiment-\d{8}T\d{9})-p(?<level>[1-9]\d{0,5})-r[1-9]\d{0,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
