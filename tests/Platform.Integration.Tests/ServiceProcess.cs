using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Platform.Integration.Tests;

/// <summary>A service (or the CLI) started as its own process from its build output, with its output kept for diagnostics.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _readyMarker;

    private ServiceProcess(string name, Process process, string? readyMarker)
    {
        Name = name;
        _process = process;
        _readyMarker = readyMarker;
        process.OutputDataReceived += (_, e) =>
        {
            OnLine(e.Data);
            if (e.Data is not null)
            {
                lock (_stdout)
                {
                    _stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard output only (a CLI's JSON report).</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string Configuration =>
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;

    /// <summary>The build output of a project under the repository, e.g. ("services/Executor", "Platform.Executor").</summary>
    public static string Dll(string projectDir, string assembly) =>
        Path.Combine(RepoRoot, projectDir, "bin", Configuration, "net10.0", assembly + ".dll");

    public static ServiceProcess Start(string name, string dll, IEnumerable<string> args, IDictionary<string, string> env, string? readyMarker)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        return new ServiceProcess(name, process, readyMarker);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(_ready.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (done != _ready.Task)
        {
            throw new TimeoutException($"{Name} did not become ready ({(_process.HasExited ? "exited" : "timed out")}):\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}:\n{Output}");
        }

        // Drain the output, bounded: a step's process that outlived the service may still hold its stdout.
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a supervisor stopping the service does.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>kill -9: the process gets no chance to clean up.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed, but something it started still holds its output open: nothing more to read.
            }
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (_readyMarker is not null && line.Contains(_readyMarker, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
