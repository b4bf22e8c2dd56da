using Platform.ServiceDefaults;

namespace Platform.Cli;

/// <summary><c>--broker URL</c>: parsed and reachable, or one sentence and the exit code saying why not.</summary>
internal static class BrokerCheck
{
    public static async Task<(RabbitMqSettings? Settings, int ExitCode)> ConnectAsync(string url, TextWriter stderr)
    {
        RabbitMqSettings settings;
        try
        {
            settings = RabbitMqSettings.Parse(url);
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"error: --broker: {e.Message.Replace(url, RabbitMqSettings.Mask(url), StringComparison.Ordinal)}");
            return (null, ExitCodes.Invalid);
        }

        // One sentence and exit code 3 for a wrong password or a broker that is not there, within 10 s.
        if (await BrokerProbe.ProblemAsync(settings, TimeSpan.FromSeconds(8)).ConfigureAwait(false) is { } problem)
        {
            stderr.WriteLine($"error: cannot connect to {settings}: {problem}");
            return (null, ExitCodes.Unavailable);
        }

        return (settings, ExitCodes.Succeeded);
    }
}
