using System.Text;
using Platform.Executor.Artifacts;

namespace Platform.Executor.Tests.Artifacts;

/// <summary>The Executor's own look for the run's secrets in an artifact, read in 64 KiB blocks: a value split across two blocks is found too.</summary>
public sealed class SecretScanTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    private static readonly Dictionary<string, string> Secrets = new() { ["DEPLOY_KEY"] = "K3y-sekret-42", ["EMPTY"] = "" };

    [Theory]
    [InlineData(0)]
    [InlineData(64 * 1024 - 5)] // the value straddles the first block's end
    [InlineData(64 * 1024)]
    [InlineData(3 * 64 * 1024 + 7)]
    public async Task A_secret_value_anywhere_in_the_file_is_found(int offset)
    {
        var bytes = new byte[offset + 100_000];
        Encoding.UTF8.GetBytes("K3y-sekret-42").CopyTo(bytes, offset);
        await File.WriteAllBytesAsync(_file, bytes);

        Assert.Equal("DEPLOY_KEY", await SecretScan.FindAsync(_file, Secrets, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_with_only_part_of_the_value_holds_no_secret()
    {
        var bytes = new byte[200_000];
        Encoding.UTF8.GetBytes("K3y-sekret-4").CopyTo(bytes, 64 * 1024 - 6);
        await File.WriteAllBytesAsync(_file, bytes);

        Assert.Null(await SecretScan.FindAsync(_file, Secrets, CancellationToken.None));
    }

    public void Dispose() => File.Delete(_file);
}
