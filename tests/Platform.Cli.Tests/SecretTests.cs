using Platform.Tests.Shared;
using System.Text;
using System.Text.Json;

namespace Platform.Cli.Tests;

/// <summary>Secrets reach steps as environment variables and nowhere else: not the store, not the logs, not the report.</summary>
public sealed class SecretTests : IDisposable
{
    private const string Token = "S3CRET-t0ken-99";
    private const string Key = "K3y-sekret-42";

    private readonly string _dir = Directory.CreateTempSubdirectory("platform-secrets-").FullName;

    private string Store => Path.Combine(_dir, "runs.db");

    [Fact]
    public async Task A_secret_reaches_the_step_and_is_masked_in_logs_report_and_never_stored()
    {
        var pipeline = await WriteAsync("""
            id: secrets
            inputs:
              token: { type: secret }
            secrets: [DEPLOY_KEY]
            steps:
              - id: use
                run:
                  - echo "token is {{ inputs.token }} and key is $DEPLOY_KEY"
                  - echo "leak=[$DEPLOY_KEY][$token]" >> "$PLATFORM_OUTPUT"
                  - echo "len=${#token}" >> "$PLATFORM_OUTPUT"
              - { id: fails, allowFailure: true, run: 'echo "failing with $token" >&2; exit 3' }
            """);
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");

        var result = await CliResult.RunAsync(new Dictionary<string, string?> { ["DEPLOY_KEY"] = Key },
            "run", pipeline, "--secret", $"token=@{tokenFile}", "--secret", "DEPLOY_KEY", "--store", Store, "--logs", "--json", "--run-id", "with-secrets");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var outputs = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("steps")[0].GetProperty("outputs");
        Assert.Equal(Token.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), outputs.GetProperty("len").GetString());
        Assert.Equal("[***][***]", outputs.GetProperty("leak").GetString());
        Assert.Contains("token is *** and key is ***", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("failing with ***", result.Stderr, StringComparison.Ordinal);
        AssertNowhere(Encoding.UTF8.GetBytes(result.Stdout + result.Stderr), "the CLI's output");
        AssertNotInStore();

        using var show = CliProcess.Start("show", "with-secrets", "--store", Store, "--json");
        var shown = await show.StandardOutput.ReadToEndAsync();
        await show.ExitWithin();
        Assert.Contains("\"leak\": \"[***][***]\"", shown, StringComparison.Ordinal);

        // The output kept with the run, as logs prints it, is masked too (the store was checked above).
        var logs = await CliResult.RunAsync("logs", "with-secrets", "--store", Store);
        Assert.Contains("use │ token is *** and key is ***", logs.Stdout, StringComparison.Ordinal);
        Assert.Contains("fails │ failing with ***", logs.Stdout, StringComparison.Ordinal);
        AssertNowhere(Encoding.UTF8.GetBytes(logs.Stdout + logs.Stderr), "logs");
    }

    [Fact]
    public async Task A_secret_on_the_command_line_itself_is_refused()
    {
        var pipeline = await WriteAsync("id: s\nsecrets: [KEY]\nsteps:\n  - { id: a, run: 'true' }\n");

        var result = await CliResult.RunAsync("run", pipeline, "--secret", "KEY=hunter2", "--store", "memory");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never on the command line", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resumed_run_asks_for_its_secrets_again()
    {
        var once = Path.Combine(_dir, "once");
        var pipeline = await WriteAsync($$"""
            id: resumable
            secrets: [DEPLOY_KEY]
            steps:
              - { id: slow, run: 'if [ ! -e {{once}} ]; then touch {{once}}; sleep 60; fi; echo "len=${#DEPLOY_KEY}" >> "$PLATFORM_OUTPUT"' }
            """);
        var environment = new Dictionary<string, string?> { ["DEPLOY_KEY"] = Key };
        using (var run = CliProcess.Start(environment, "run", pipeline, "--secret", "DEPLOY_KEY", "--store", Store, "--run-id", "needs-key"))
        {
            await TestProcesses.WaitFor(() => File.Exists(once));
            run.Kill(entireProcessTree: false);
            await run.ExitWithin();
        }

        var without = await CliResult.RunAsync("resume", "needs-key", "--store", Store);
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("missing secret 'DEPLOY_KEY': give it with --secret DEPLOY_KEY", without.Stderr, StringComparison.Ordinal);

        var with = await CliResult.RunAsync(environment, "resume", "needs-key", "--store", Store, "--secret", "DEPLOY_KEY", "--json");
        Assert.True(with.ExitCode == 0, with.Stderr);
        Assert.Equal("13", JsonDocument.Parse(with.Stdout).RootElement.GetProperty("steps")[0].GetProperty("outputs").GetProperty("len").GetString());
        AssertNotInStore();
    }

    private void AssertNotInStore()
    {
        var files = Directory.EnumerateFiles(_dir, "runs.db*").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            AssertNowhere(File.ReadAllBytes(file), file);
        }
    }

    private static void AssertNowhere(byte[] bytes, string where)
    {
        foreach (var secret in new[] { Token, Key })
        {
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{where} holds the secret {secret}");
        }
    }

    private async Task<string> WriteAsync(string yaml)
    {
        var path = Path.Combine(_dir, $"p{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
