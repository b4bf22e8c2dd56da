using System.CommandLine;
using Platform.LoadTest.Commands;

var root = new RootCommand("Load generator and floors for bench/run; every command prints JSON lines on stdout.")
{
    SpawnFloorCommand.Create(),
    ConfirmFloorCommand.Create(),
    LadderCommand.Create(),
    MemoryCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
