using System.CommandLine;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.LoadTest.Load;
using Platform.LoadTest.Measurement;

namespace Platform.LoadTest.Commands;

/// <summary>
/// <c>memory --pipeline FILE [--runs 1000] [--broker URL --pid COORDINATOR_PID]</c>: resident memory
/// per active run. Embedded, the holder is this process.
/// </summary>
public static class MemoryCommand
{
    public static Command Create()
    {
        var target = new TargetOptions();
        var runs = new Option<int>("--runs") { Description = "Runs held in flight at once.", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup") { Description = "Runs held and cancelled first.", DefaultValueFactory = _ => 50 };
        var pid = new Option<int?>("--pid") { Description = "The Coordinator's process id (with --broker)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for all to start, and to end.", DefaultValueFactory = _ => 120 };
        var command = new Command("memory", "VmRSS of the run holder: idle, with N runs in flight, after cancelling them.") { runs, warmup, pid, timeout };
        target.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var broker = parse.GetValue(target.Broker);
            if (broker is not null && parse.GetValue(pid) is null)
            {
                await Console.Error.WriteLineAsync("memory: --pid (the Coordinator's) is required with --broker");
                return 2;
            }

            var file = parse.GetValue(target.Pipeline)!;
            var tracker = new RunTracker();
            using var host = LoadHost.Build(broker, parse.GetValue(target.Slots), tracker);
            await host.StartAsync();
            try
            {
                var submitter = new OpenLoopSubmitter(host.Services.GetRequiredService<IBus>(), tracker, await File.ReadAllTextAsync(file.FullName), file.Name);
                var probe = new MemoryProbe(submitter, parse.GetValue(pid) ?? Environment.ProcessId, TargetOptions.ModeOf(broker));
                JsonLine.Write(await probe.RunAsync(parse.GetValue(runs), parse.GetValue(warmup), TimeSpan.FromSeconds(parse.GetValue(timeout))));
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
