using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Durations as users write them: a sum of number+unit parts (`500ms`, `2s`, `5m`, `1h30m`,
/// `1.5s`, `1d`), or ISO-8601 (`PT1M30S`, `P1DT2H`) as Kestra exports them. Public because the
/// command line parses `--duration ID=DURATION` with the same rules.
/// </summary>
public static partial class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        return text.StartsWith('P') || text.StartsWith('p') ? TryParseIso(text, out duration) : TryParseUnits(text, out duration);
    }

    private static bool TryParseUnits(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var matches = UnitPart().Matches(text);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Length)
        {
            return false;
        }

        double totalMs = 0;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            totalMs += n * m.Groups["unit"].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000, // d
            };
        }

        return FromMilliseconds(totalMs, out duration);
    }

    private static bool TryParseIso(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var m = IsoDuration().Match(text);
        if (!m.Success || text.Length < 2 || text.EndsWith('T') || text.EndsWith('t'))
        {
            return false;
        }

        double Part(string name) =>
            m.Groups[name].Success ? double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

        var totalMs = Part("w") * 604_800_000 + Part("d") * 86_400_000 + Part("h") * 3_600_000 + Part("m") * 60_000 + Part("s") * 1_000;
        return FromMilliseconds(totalMs, out duration);
    }

    private static bool FromMilliseconds(double ms, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        // Anything beyond a year is a typo, not a timeout; it also keeps TimeSpan from overflowing.
        if (!double.IsFinite(ms) || ms < 0 || ms > TimeSpan.FromDays(366).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
        return true;
    }

    [GeneratedRegex(@"\G(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)")]
    private static partial Regex UnitPart();

    [GeneratedRegex(@"^[Pp](?:(?<w>\d+(?:\.\d+)?)[Ww])?(?:(?<d>\d+(?:\.\d+)?)[Dd])?(?:[Tt](?=\d)(?:(?<h>\d+(?:\.\d+)?)[Hh])?(?:(?<m>\d+(?:\.\d+)?)[Mm])?(?:(?<s>\d+(?:\.\d+)?)[Ss])?)?$")]
    private static partial Regex IsoDuration();
}
