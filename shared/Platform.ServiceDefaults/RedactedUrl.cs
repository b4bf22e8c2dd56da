namespace Platform.ServiceDefaults;

/// <summary>A location as it may be printed: a URL's password becomes *** (mongodb://u:***@host/db); anything else as it is.</summary>
public static class RedactedUrl
{
    public static string Of(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.IsFile || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return location;
        }

        var at = location.IndexOf('@', StringComparison.Ordinal);
        var colon = location.IndexOf(':', location.IndexOf("//", StringComparison.Ordinal) + 2);
        return at > colon && colon > 0 ? location[..(colon + 1)] + "***" + location[at..] : location;
    }
}
