using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

[assembly: AssemblyFixture(typeof(Platform.Web.Tests.ServeProcess))]

namespace Platform.Web.Tests;

/// <summary>
/// One <c>platform serve</c> for the whole assembly, as a user starts it: a free port, a store of its own,
/// the token from <c>PLATFORM_API_TOKEN</c>. Stopped with SIGTERM (killed if it does not stop in time).
/// </summary>
public sealed class ServeProcess : IAsyncLifetime
{
    public const string Token = "web-tests-token-7f3a";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dir = Directory.CreateTempSubdirectory("platform-serve-").FullName;
    private readonly System.Text.StringBuilder _stderr = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The run store this server reads (<c>--store</c>): other <c>platform</c> commands may write runs into it.</summary>
    public string StorePath => Path.Combine(_dir, "runs.db");

    /// <summary>A folder a submission may name files from (<c>--pipelines</c>).</summary>
    public string PipelineFolder => Path.Combine(_dir, "pipelines");

    /// <summary>What the server wrote on stderr so far, for failure messages.</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>A client with the token.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(PipelineFolder);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PLATFORM_API_TOKEN"] = Token;
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "platform.dll"), "serve", "--port", "0", "--store", StorePath, "--pipelines", PipelineFolder })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string Prefix = "Platform console: ";
                if (line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    var url = line[Prefix.Length..].Split(' ')[0];
                    BaseAddress = new Uri(new Uri(url).GetLeftPart(UriPartial.Authority));
                    _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below, with what the server said.
        }

        _process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"platform serve did not print its URL within {StartTimeout}: {Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A step's file still open: the temp folder is cleaned by the system.
        }
    }
}
