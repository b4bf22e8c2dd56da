namespace Platform.Cli.Tests;

/// <summary>A step sees a documented environment, not the one of the process that runs it.</summary>
public sealed class StepEnvironmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-env-").FullName;

    [Fact]
    public async Task A_step_lacks_the_broker_url_and_other_variables_of_its_executor_but_has_the_base_and_its_own()
    {
        var dump = Path.Combine(_dir, "env");
        var pipeline = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(pipeline, $"id: env\nsteps:\n  - {{ id: a, env: {{ MINE: yes }}, run: 'env > {dump}' }}\n");

        var result = await CliResult.RunAsync(new Dictionary<string, string?>
        {
            ["RABBITMQ_URL"] = "amqp://platform:broker-password@localhost:5672/",
            ["AWS_SECRET_ACCESS_KEY"] = "not-for-steps",
        }, "run", pipeline, "--store", "memory");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var names = (await File.ReadAllLinesAsync(dump)).Select(l => l.Split('=')[0]).ToHashSet();
        Assert.DoesNotContain("RABBITMQ_URL", names);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", names);
        Assert.Superset(new HashSet<string> { "PATH", "HOME", "LANG", "TMPDIR", "MINE", "PLATFORM_OUTPUT", "PLATFORM_RUN_ID", "PLATFORM_STEP_ID" }, names);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
