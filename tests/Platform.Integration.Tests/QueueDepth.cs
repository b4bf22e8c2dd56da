using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Integration.Tests;

/// <summary>How many messages wait in a queue; 0 when it does not exist.</summary>
internal static class QueueDepth
{
    /// <summary>A passive declare of a missing queue closes its channel, so each look gets its own.</summary>
    public static async Task<uint> OfAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }
}
