using System.CommandLine;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.LoadTest.Load;
using Platform.LoadTest.Measurement;

namespace Platform.LoadTest.Commands;

/// <summary>
/// <c>ladder --pipeline FILE --rates 2,5,10 [--seconds 10] [--drain 30] [--broker URL]</c>: one JSON
/// line per rate. Stops climbing once a rate leaves runs unfinished after the drain: higher rates
/// would only start on a backlog.
/// </summary>
public static class LadderCommand
{
    public static Command Create()
    {
        var target = new TargetOptions();
        var rates = new Option<string>("--rates") { Description = "Runs per second, comma-separated, rising.", DefaultValueFactory = _ => "2,5,10,20,50,100,200" };
        var seconds = new Option<double>("--seconds") { Description = "Seconds of submissions per rate.", DefaultValueFactory = _ => 10 };
        var drain = new Option<double>("--drain") { Description = "Seconds to wait for a rate's runs to finish.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Runs, one at a time, before the first rate.", DefaultValueFactory = _ => 10 };
        var command = new Command("ladder", "Open-loop load at rising rates: latency submit → RunFinished and achieved runs/s.") { rates, seconds, drain, warmup };
        target.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var broker = parse.GetValue(target.Broker);
            var file = parse.GetValue(target.Pipeline)!;
            var tracker = new RunTracker();
            using var host = LoadHost.Build(broker, parse.GetValue(target.Slots), tracker);
            await host.StartAsync();
            try
            {
                var submitter = new OpenLoopSubmitter(host.Services.GetRequiredService<IBus>(), tracker, await File.ReadAllTextAsync(file.FullName), file.Name);
                var ladder = new Ladder(submitter, tracker, TargetOptions.ModeOf(broker));
                await ladder.WarmUpAsync(parse.GetValue(warmup));
                foreach (var rate in parse.GetValue(rates)!.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)))
                {
                    var rung = await ladder.RunAsync(rate, TimeSpan.FromSeconds(parse.GetValue(seconds)), TimeSpan.FromSeconds(parse.GetValue(drain)));
                    JsonLine.Write(rung);
                    if (rung.Unfinished > 0)
                    {
                        await ladder.CancelUnfinishedAsync(TimeSpan.FromSeconds(parse.GetValue(drain)));
                        break;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
            finally
            {
                await host.StopAsync();
            }

            return 0;
        });
        return command;
    }
}
