using System.CommandLine;
using Platform.Cli.Commands;
using Platform.Cli.Running;

StartupWarmUp.BeginBeforeParsing(args); // on another core while the command line is built and parsed

var root = new RootCommand("Platform: run pipeline steps sequentially or in parallel, exactly as declared.")
{
    ValidateCommand.Create(),
    SimulateCommand.Create(),
    RunCommand.Create(),
    ResumeCommand.Create(),
    RunsCommand.Create(),
    ShowCommand.Create(),
    WatchCommand.Create(),
    LogsCommand.Create(),
    ArtifactsCommand.Create(),
    CancelCommand.Create(),
    ApproveCommand.Create(),
    RerunCommand.Create(),
    LocksCommand.Create(),
    StatsCommand.Create(),
    ExperimentCommand.Create(),
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
