using Platform.Pipelines.Engine;
using Platform.Pipelines.Reports;

namespace Platform.Cli.Output;

/// <summary>A run's report on stdout as every command prints it: the table, or with <c>--json</c> one document.</summary>
internal static class ReportOutput
{
    /// <returns>The exit code the report stands for: 0 succeeded, 1 otherwise.</returns>
    public static int Write(TextWriter stdout, RunReport report, bool json)
    {
        if (json)
        {
            ReportJson.WriteTo(stdout, report);
            stdout.WriteLine();
        }
        else
        {
            stdout.Write(SummaryTable.Render(report));
        }

        return report.Status == RunStatus.Succeeded ? ExitCodes.Succeeded : ExitCodes.Failed;
    }
}
