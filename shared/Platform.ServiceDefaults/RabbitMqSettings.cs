using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults;

/// <summary>
/// Where the broker is: <c>RABBITMQ_URL</c>, else configuration <c>RabbitMq:Url</c>, else the local
/// default. The URL is an AMQP URI: <c>amqp[s]://user:password@host:port/vhost</c>.
/// </summary>
public sealed class RabbitMqSettings
{
    public const string UrlVariable = "RABBITMQ_URL";
    public const string UrlConfigurationKey = "RabbitMq:Url";
    public const string DefaultUrl = "amqp://guest:guest@localhost:5672/";

    private RabbitMqSettings(Uri url, string host, ushort port, string virtualHost, string username, string password, bool useSsl)
    {
        Url = url;
        Host = host;
        Port = port;
        VirtualHost = virtualHost;
        Username = username;
        Password = password;
        UseSsl = useSsl;
    }

    public Uri Url { get; }

    public string Host { get; }

    public ushort Port { get; }

    /// <summary>"/" when the URL has no path (AMQP URI rules: an empty path is the default vhost).</summary>
    public string VirtualHost { get; }

    public string Username { get; }

    public string Password { get; }

    public bool UseSsl { get; }

    /// <summary>True when a broker was named explicitly (integration tests skip otherwise).</summary>
    public static bool IsConfigured(IConfiguration? configuration = null) => FindConfiguredUrl(configuration) is not null;

    public static RabbitMqSettings Resolve(IConfiguration? configuration = null) =>
        Parse(FindConfiguredUrl(configuration) ?? DefaultUrl);

    public static RabbitMqSettings Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new FormatException($"RabbitMQ URL '{url}' is not an absolute URI (expected amqp://user:password@host:5672/vhost).");
        }

        var useSsl = uri.Scheme.ToLowerInvariant() switch
        {
            "amqp" or "rabbitmq" => false,
            "amqps" or "rabbitmqs" => true,
            _ => throw new FormatException($"RabbitMQ URL scheme '{uri.Scheme}' is not supported (use amqp or amqps)."),
        };

        var port = uri.IsDefaultPort || uri.Port <= 0 ? (ushort)(useSsl ? 5671 : 5672) : (ushort)uri.Port;
        var (username, password) = ParseUserInfo(uri.UserInfo);
        var path = uri.AbsolutePath.TrimStart('/');
        var virtualHost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);

        return new RabbitMqSettings(uri, uri.Host, port, virtualHost, username, password, useSsl);
    }

    /// <summary>The URL with its password masked, for logs and messages: <c>amqp://user:***@host:5672/vhost</c>.</summary>
    public override string ToString() =>
        $"{(UseSsl ? "amqps" : "amqp")}://{Uri.EscapeDataString(Username)}:***@{Host}:{Port}/{(VirtualHost == "/" ? "" : Uri.EscapeDataString(VirtualHost))}";

    /// <summary><paramref name="url"/> with its password masked; a URL that does not parse is not echoed at all.</summary>
    public static string Mask(string url)
    {
        try
        {
            return Parse(url).ToString();
        }
        catch (FormatException)
        {
            return "the broker URL";
        }
    }

    private static string? FindConfiguredUrl(IConfiguration? configuration)
    {
        var candidates = new[]
        {
            configuration?[UrlVariable],
            Environment.GetEnvironmentVariable(UrlVariable),
            configuration?[UrlConfigurationKey],
        };
        return candidates.FirstOrDefault(candidate => !string.IsNullOrWhiteSpace(candidate));
    }

    private static (string Username, string Password) ParseUserInfo(string userInfo)
    {
        if (string.IsNullOrEmpty(userInfo))
        {
            return ("guest", "guest");
        }

        var separator = userInfo.IndexOf(':', StringComparison.Ordinal);
        return separator < 0
            ? (Uri.UnescapeDataString(userInfo), string.Empty)
            : (Uri.UnescapeDataString(userInfo[..separator]), Uri.UnescapeDataString(userInfo[(separator + 1)..]));
    }
}
