using System.CommandLine;
using System.Text.Json;
using Platform.Cli.Operating;
using Platform.Cli.Output;
using Platform.ServiceDefaults.Files;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform artifacts RUN [--download DIR]</c>: the files a run's steps stored (path, size, SHA-256,
/// step, attempt); with <c>--download</c>, written under DIR at their paths, each digest checked.
/// </summary>
internal static class ArtifactsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var id = new Argument<string>("RUN") { Description = "The run: its id, a unique start of it, or the name given with --run-id." };
        var download = new Option<string?>("--download") { Description = "Write the artifacts under this directory, at their paths (created if missing)." };
        var store = new Option<string?>("--store") { Description = "Where runs are kept (default ~/.local/share/platform/runs.db)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("artifacts", "List the files a run's steps stored (path, size, SHA-256, step, attempt), or download them.") { id, download, store, json };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(id)!, parse.GetValue(download), parse.GetValue(store), parse.GetValue(json),
            Console.Out, Console.Error, cancellation));
        return command;
    }

    public static async Task<int> RunAsync(string id, string? download, string? storeLocation, bool json, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellation)
    {
        var store = RunStores.Open(storeLocation);
        if (store is not IRunArtifacts artifacts)
        {
            stderr.WriteLine("error: this store keeps no artifacts");
            return ExitCodes.Invalid;
        }

        if (await RunTarget.FindAsync(store, id, stderr, ServiceDefaults.RedactedUrl.Of(storeLocation ?? Storage.Sqlite.SqliteRunStore.DefaultPath)).ConfigureAwait(false)
            is not { } run)
        {
            return ExitCodes.Invalid;
        }

        var rows = await artifacts.ListArtifactsAsync(run.RunId, cancellation).ConfigureAwait(false);
        if (download is not null && await DownloadAsync(artifacts, run.RunId, rows, download, stderr, cancellation).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(rows.Select(a => new { path = a.Path, size = a.Size, digest = a.Digest, step = a.StepId, attempt = a.Attempt }), Json));
        }
        else if (rows.Count == 0)
        {
            stdout.WriteLine($"run {run.RunId} stored no artifacts");
        }
        else
        {
            foreach (var a in rows)
            {
                stdout.WriteLine($"{a.Path}  {ResourceText.Bytes(a.Size)}  sha256:{a.Digest}  {a.StepId} (attempt {a.Attempt})");
            }

            if (download is not null)
            {
                stdout.WriteLine($"downloaded {rows.Count} artifact(s) to {Path.GetFullPath(download)}");
            }
        }

        return ExitCodes.Succeeded;
    }

    private static async Task<int?> DownloadAsync(IRunArtifacts artifacts, Guid runId, IReadOnlyList<StoredArtifact> rows, string directory, TextWriter stderr,
        CancellationToken cancellation)
    {
        var root = Path.GetFullPath(directory);
        foreach (var a in rows)
        {
            var target = Path.GetFullPath(Path.Combine(root, a.Path));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                stderr.WriteLine($"error: artifact {a.Path} would land outside {root}; not written");
                return ExitCodes.Failed;
            }

            var content = await artifacts.ReadArtifactAsync(runId, a.Digest, cancellation).ConfigureAwait(false);
            if (content is null || ArtifactDigest.Of(content) != a.Digest)
            {
                stderr.WriteLine($"error: artifact {a.Path} is missing or damaged in the store (SHA-256 differs)");
                return ExitCodes.Failed;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, content, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write {target}: {e.Message}");
                return ExitCodes.Failed;
            }
        }

        return null;
    }
}
