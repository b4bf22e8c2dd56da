using Platform.Contracts;
using Platform.Notifier.Delivery;

namespace Platform.Notifier.Tests;

public class RunSummaryTests
{
    [Fact]
    public void A_paged_runs_summary_counts_every_step_and_names_the_failed_ones_it_was_given()
    {
        var at = DateTimeOffset.UnixEpoch;
        var failed = new StepReport("deploy[7]", "failed", at, at, 1, 3, new Dictionary<string, string>(), "exit code 3");
        var run = new RunFinished(Guid.NewGuid(), "wide", "failed", at, at, [], [], ReportPages: 3,
            StepCounts: new Dictionary<string, int> { ["succeeded"] = 1_199, ["failed"] = 1 }, FailedSteps: [failed]);

        var summary = RunSummary.Of(run);

        Assert.Equal("1200 steps: 1 failed, 1199 succeeded (deploy[7])", summary.Describe());
    }
}
