using MassTransit;
using MassTransit.Testing;
using Platform.Contracts;
using Platform.ServiceDefaults.Signing;

namespace Platform.Coordinator.Tests;

/// <summary>Only the Coordinator commands Executors: an ExecuteStep without its signature never runs.</summary>
public sealed class CommandSigningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signing-").FullName;

    [Theory]
    [InlineData(null)]
    [InlineData("forged")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public async Task An_unsigned_or_forged_ExecuteStep_never_runs_and_goes_to_the_error_queue(string? signature)
    {
        await using var h = await RunHarness.StartAsync();
        var marker = Path.Combine(_dir, "pwned");
        var forged = new ExecuteStep(Guid.NewGuid(), "evil", 1, [$"touch {marker}"], null, null, new Dictionary<string, string>(), null, null);

        await h.Harness.Bus.Publish(forged, c =>
        {
            if (signature is not null)
                c.Headers.Set(CommandSigningKey.Header, signature);
        });

        Assert.True(await h.Harness.Sent.Any<ExecuteStep>(m => m.Context.DestinationAddress?.AbsolutePath.EndsWith("execute-step_error", StringComparison.Ordinal) == true
            && m.Context.Message.RunId == forged.RunId), "the refused command was not moved to execute-step_error");
        Assert.False(await h.PublishedSoonAsync<StepStarted>(m => m.RunId == forged.RunId));
        Assert.False(await h.PublishedSoonAsync<StepSucceeded>(m => m.RunId == forged.RunId));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void A_signature_does_not_carry_over_to_another_command()
    {
        var key = CommandSigningKey.Generate();
        var step = new ExecuteStep(Guid.NewGuid(), "a", 1, ["true"], null, null, new Dictionary<string, string>(), null, null);
        var signature = key.Sign(step);

        Assert.True(key.Verify(step, signature));
        Assert.False(key.Verify(step with { Run = ["rm -rf ~"] }, signature));
        Assert.False(CommandSigningKey.Generate().Verify(step, signature));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
