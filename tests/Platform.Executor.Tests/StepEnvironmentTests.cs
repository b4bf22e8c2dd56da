using Platform.Contracts;
using Platform.Executor.Environments;

namespace Platform.Executor.Tests;

/// <summary>What the operator lets through with Executor:PassEnvironment, and nothing else.</summary>
public sealed class StepEnvironmentTests
{
    private static readonly Dictionary<string, string> Executor = new()
    {
        ["PATH"] = "/opt/bin:/usr/bin",
        ["RABBITMQ_URL"] = "amqp://executor:pw@broker/",
        ["PLATFORM_SIGNING_KEY"] = "k",
        ["AWS_REGION"] = "eu-west-1",
        ["AWS_PROFILE"] = "ci",
        ["HTTP_PROXY"] = "http://proxy:3128",
        ["OTHER"] = "x",
    };

    private static ExecuteStep Step => new(Guid.NewGuid(), "a", 1, ["true"], null, null, new Dictionary<string, string> { ["MINE"] = "1" }, null, null,
        new Dictionary<string, string> { ["TOKEN"] = "t" });

    [Fact]
    public void Names_and_prefixes_pass_and_everything_else_stays_with_the_executor()
    {
        var environment = StepEnvironment.Create(Step, Executor, ["AWS_*", "HTTP_PROXY"], new Dictionary<string, string>());

        Assert.Equal(["AWS_PROFILE", "AWS_REGION", "HOME", "HTTP_PROXY", "LANG", "MINE", "PATH", "PLATFORM_ATTEMPT", "PLATFORM_RUN_ID", "PLATFORM_STEP_ID", "TMPDIR", "TOKEN"],
            environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/opt/bin:/usr/bin", environment["PATH"]);
        Assert.Equal("C.UTF-8", environment["LANG"]);
    }

    [Fact]
    public void By_default_only_the_base_passes() =>
        Assert.DoesNotContain(StepEnvironment.Create(Step, Executor, [], new Dictionary<string, string>()).Keys,
            k => k is "RABBITMQ_URL" or "PLATFORM_SIGNING_KEY" or "AWS_REGION" or "OTHER");
}
