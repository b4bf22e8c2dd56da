using System.Text;

namespace Platform.Integration.Tests;

/// <summary>A secret over RabbitMQ: it reaches the step on another process, and not the Coordinator's store, logs or the report.</summary>
[Collection(SystemCollection.Name)]
public class DistributedSecretTests(SystemFixture system)
{
    private const string Secret = "distributed-s3cret-7781";

    [Fact]
    public async Task A_secret_runs_on_an_Executor_and_is_nowhere_in_the_Coordinators_store_or_any_services_output()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        var secretFile = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}.secret");
        await File.WriteAllTextAsync(secretFile, Secret);

        var run = await system.RunAsync("""
            id: distributed-secret
            secrets: [API_KEY]
            steps:
              - { id: use, run: 'echo "key=$API_KEY" >> "$PLATFORM_OUTPUT"; echo "len=${#API_KEY}" >> "$PLATFORM_OUTPUT"; echo "using $API_KEY"' }
            """, TimeSpan.FromSeconds(90), null, null, "--secret", $"API_KEY=@{secretFile}", "--logs");
        File.Delete(secretFile);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(Secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), run.OutputOf("use", "len"));
        Assert.Equal("***", run.OutputOf("use", "key"));
        Assert.Contains("using ***", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Output, StringComparison.Ordinal);
        foreach (var service in system.Executors.Append(system.Coordinator))
            Assert.DoesNotContain(Secret, service.Output, StringComparison.Ordinal);
        var storeFiles = Directory.GetFiles(Path.GetDirectoryName(system.StorePath)!, Path.GetFileName(system.StorePath) + "*");
        Assert.Contains(system.StorePath, storeFiles);
        foreach (var file in storeFiles)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) < 0, $"{file} holds the secret");
        }
    }
}
