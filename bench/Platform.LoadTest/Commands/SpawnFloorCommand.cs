using System.CommandLine;
using Platform.LoadTest.Floors;
using Platform.LoadTest.Measurement;

namespace Platform.LoadTest.Commands;

/// <summary><c>spawn-floor [--count N]</c>: spawn-and-reap of /bin/true and of bash -c true.</summary>
public static class SpawnFloorCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Spawns of each command.", DefaultValueFactory = _ => 200 };
        var command = new Command("spawn-floor", "Median time to spawn and reap /bin/true, and bash --noprofile --norc -c true.") { count };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            SpawnFloor.Measure("/bin/true", [], 10); // warm the process machinery up
            JsonLine.Write(SpawnFloor.Summarize("/bin/true", SpawnFloor.Measure("/bin/true", [], n)));
            JsonLine.Write(SpawnFloor.Summarize("bash --noprofile --norc -c true",
                SpawnFloor.Measure("bash", ["--noprofile", "--norc", "-c", "true"], n)));
            return 0;
        });
        return command;
    }
}
