using System.CommandLine;
using Platform.LoadTest.Floors;
using Platform.LoadTest.Measurement;
using Platform.ServiceDefaults;

namespace Platform.LoadTest.Commands;

/// <summary><c>confirm-floor --broker URL [--count N]</c>: one persistent publish-confirm round trip.</summary>
public static class ConfirmFloorCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "AMQP URL (its vhost must exist).", Required = true };
        var count = new Option<int>("--count") { Description = "Round trips measured.", DefaultValueFactory = _ => 1000 };
        var command = new Command("confirm-floor", "Median persistent publish → confirm round trip to a durable queue.") { broker, count };
        command.SetAction(async (parse, _) =>
        {
            var url = parse.GetValue(broker)!;
            await ConfirmFloor.MeasureAsync(new Uri(url), 50); // connection and queue warm-up
            var samples = await ConfirmFloor.MeasureAsync(new Uri(url), parse.GetValue(count));
            JsonLine.Write(new ConfirmFloorResult(RabbitMqSettings.Parse(url).ToString(), samples.Count,
                Percentiles.Round(Percentiles.Median(samples)), Percentiles.Round(Percentiles.Of(samples, 0.99))));
            return 0;
        });
        return command;
    }
}
