using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Signing;

namespace Platform.Executor.Signing;

/// <summary>
/// Lets through only commands signed with the Coordinator's key. A refused command never runs: it is
/// moved, as it came, to the error queue <c>QUEUE_error</c>, and the Executor logs one line saying so.
/// </summary>
public sealed class CommandGuard(CommandSigningKey key, ILogger<CommandGuard> logger)
{
    /// <param name="errorQueue">Where a refused command goes (a queue shared by every Executor).</param>
    public async Task<bool> AcceptsAsync<T>(ConsumeContext<T> context, string errorQueue)
        where T : class
    {
        // A raw AMQP client sends a string header as bytes; MassTransit's own publisher as a string.
        var signature = context.Headers.Get<object>(CommandSigningKey.Header) switch
        {
            string text => text,
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            null => null,
            var other => other.ToString(),
        };
        if (key.Verify(context.Message, signature))
        {
            return true;
        }

        logger.LogError("Refused {Command} {Problem} (from {Source}): it did not come from the Coordinator and was not run; moved to {ErrorQueue}",
            typeof(T).Name, signature is null ? "without a signature" : "with a wrong signature", context.SourceAddress?.ToString() ?? "unknown", errorQueue);
        var errors = await context.GetSendEndpoint(new Uri($"queue:{errorQueue}")).ConfigureAwait(false);
        await context.Forward(errors, context.Message).ConfigureAwait(false);
        return false;
    }
}
