using System.Net.Sockets;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.ServiceDefaults;

/// <summary>
/// Connects to the broker once, before a bus is started, so a wrong password or an unreachable broker
/// is one clear sentence at once instead of a bus that retries forever (or a stack trace).
/// </summary>
public static class BrokerProbe
{
    /// <summary>Null when the broker accepted the connection; otherwise why not, e.g. <c>ACCESS_REFUSED</c>.</summary>
    public static async Task<string?> ProblemAsync(RabbitMqSettings settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.Password,
            RequestedConnectionTimeout = timeout,
            AutomaticRecoveryEnabled = false,
            Ssl = { Enabled = settings.UseSsl, ServerName = settings.Host },
        };
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await using var connection = await factory.CreateConnectionAsync(deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or OperationCanceledException or IOException
                                   or SocketException or TimeoutException or AuthenticationFailureException or ProtocolViolationException)
        {
            return Describe(e, timeout);
        }
    }

    private static string Describe(Exception failure, TimeSpan timeout)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationFailureException:
                    return "ACCESS_REFUSED (wrong user name or password)";
                case OperationInterruptedException { ShutdownReason.ReplyText: { } text } when text.Contains("vhost", StringComparison.OrdinalIgnoreCase):
                    return "NOT_ALLOWED (no such virtual host, or this user may not use it)";
                case OperationInterruptedException { ShutdownReason.ReplyText: { } text }:
                    return text;
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused (is RabbitMQ running there?)",
                        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
                        SocketError.TimedOut => $"no answer within {timeout.TotalSeconds:0} s",
                        _ => socket.SocketErrorCode.ToString(),
                    };
                case OperationCanceledException or TimeoutException:
                    return $"no answer within {timeout.TotalSeconds:0} s";
            }
        }

        return failure.Message.Split('\n')[0];
    }
}
