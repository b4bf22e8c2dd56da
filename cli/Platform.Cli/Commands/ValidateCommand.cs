using System.CommandLine;

namespace Platform.Cli.Commands;

/// <summary><c>platform validate FILE</c>: 0 when valid; 2 with each error on stderr.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The pipeline file (YAML)." };
        var command = new Command("validate", "Check a pipeline file; errors are printed as FILE:LINE:COL: error: MESSAGE.") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        var pipeline = PipelineFile.Load(path, stderr);
        if (pipeline is null)
        {
            return ExitCodes.Invalid;
        }

        stdout.WriteLine($"{path}: valid pipeline '{pipeline.Id}'");
        return ExitCodes.Succeeded;
    }
}
