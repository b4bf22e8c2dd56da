using System.Diagnostics;
using RabbitMQ.Client;

namespace Platform.LoadTest.Floors;

/// <summary>
/// The broker's floor for a durable message: publish one persistent message to a durable queue with
/// publisher confirms and wait for the confirm, one at a time, on loopback.
/// </summary>
public static class ConfirmFloor
{
    public static async Task<List<double>> MeasureAsync(Uri broker, int count)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "platform-bench-confirm-floor" };
        await using var connection = await factory.CreateConnectionAsync();
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        await using var channel = await connection.CreateChannelAsync(options);
        var queue = $"platform-bench-confirm-floor-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        try
        {
            var properties = new BasicProperties { Persistent = true, DeliveryMode = DeliveryModes.Persistent };
            var body = new byte[256];
            var samples = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                // With confirmation tracking on, the call completes when the broker has confirmed the message.
                await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return samples;
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
