using System.Globalization;

namespace Platform.Pipelines.Engine;

/// <summary>Durations as users write them: 500ms, 2s, 1m30s, 1h.</summary>
public static class Durations
{
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1))
        {
            return ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var parts = new List<string>();
        if ((long)d.TotalHours > 0)
        {
            parts.Add(((long)d.TotalHours).ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (d.Minutes > 0)
        {
            parts.Add(d.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (d.Seconds > 0 || d.Milliseconds > 0)
        {
            parts.Add(d.Milliseconds > 0
                ? (d.Seconds + (d.Milliseconds / 1000.0)).ToString("0.###", CultureInfo.InvariantCulture) + "s"
                : d.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }
}
