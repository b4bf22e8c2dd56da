using System.CommandLine;
using Platform.Cli.Output;
using Platform.Cli.Running;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.ServiceDefaults;
using Platform.Storage;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform run FILE</c>: runs the pipeline on the embedded default, or with <c>--broker</c> on the
/// distributed services. Exit 0 succeeded, 1 failed or cancelled, 2 invalid.
/// </summary>
internal static class RunCommand
{
    /// <summary>Embedded executor slots when neither --slots nor a larger pipeline concurrency says otherwise.</summary>
    public const int DefaultSlots = 64;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The pipeline file (YAML)." };
        var inputs = new Option<string[]>("--input") { Description = "An input value: NAME=VALUE. Repeatable." };
        var secrets = new Option<string[]>(SecretOptions.Option) { Description = "A secret: NAME (from the environment variable NAME) or NAME=@FILE. Repeatable; never stored." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout (progress stays on stderr)." };
        var broker = new Option<string?>("--broker") { Description = "Submit to the Coordinator on this RabbitMQ (amqp://user:pass@host:5672/) instead of running embedded." };
        var runId = new Option<string?>("--run-id") { Description = "The run's id (a GUID or a name); submitting the same id twice creates one run." };
        var logs = new Option<bool>("--logs") { Description = "Show every step's output (failed steps' output is always shown)." };
        var store = new Option<string?>("--store") { Description = "Where the run is kept: a SQLite file (default ~/.local/share/platform/runs.db), mongodb://…, or memory." };
        var timeout = new Option<string?>("--timeout") { Description = "Give up waiting after this long (e.g. 30s, 10m): the run is cancelled, or withdrawn if no Coordinator took it; exit 1 (3 when nobody answered)." };
        var slots = new Option<int>("--slots") { Description = "Embedded executor slots: steps run at once at most (default 64, or the pipeline's concurrency if larger)." };
        var sequential = new Option<bool>("--sequential") { Description = "Run every group one child at a time in declared order (a DAG in topological order), one step at a time; all other rules unchanged." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Cap every group's and the run's concurrency at N (1 is --sequential)." };
        var keepWorkspace = new Option<bool>("--keep-workspace") { Description = "Embedded: keep the branch layers and scratch files of the run for debugging, and print where they are." };
        var command = new Command("run", "Run a pipeline and show its progress; exit 0 succeeded, 1 failed or cancelled, 2 invalid.")
        {
            file, inputs, secrets, json, broker, runId, slots, logs, store, timeout, sequential, concurrency, keepWorkspace,
        };
        command.SetAction((parse, _) =>
        {
            StartupTrace.ArgumentsParsed(Console.Error);
            var warmUp = StartupWarmUp.Begin();
            return RunAsync(
                parse.GetValue(file)!, parse.GetValue(inputs) ?? [], parse.GetValue(json), parse.GetValue(broker),
                parse.GetValue(runId), parse.GetValue(slots), parse.GetValue(logs), parse.GetValue(store), Console.Out, Console.Error,
                parse.GetValue(secrets) ?? [], parse.GetValue(timeout), parse.GetValue(sequential) ? 1 : parse.GetValue(concurrency), parse.GetValue(keepWorkspace), warmUp);
        });
        return command;
    }

    public static async Task<int> RunAsync(string path, string[] inputs, bool json, string? broker, string? runId, int slots, bool logs,
        string? store, TextWriter stdout, TextWriter stderr, string[]? secretOptions = null, string? timeoutText = null, int? concurrencyCap = null,
        bool keepWorkspace = false, StartupWarmUp? warmUp = null)
    {
        if (concurrencyCap is < 1)
        {
            stderr.WriteLine("error: --concurrency must be at least 1");
            return ExitCodes.Invalid;
        }

        TimeSpan? timeout = null;
        if (timeoutText is not null)
        {
            if (!DurationParser.TryParse(timeoutText, out var parsed) || parsed <= TimeSpan.Zero)
            {
                stderr.WriteLine($"error: --timeout expects a duration such as 30s or 10m, got '{timeoutText}'");
                return ExitCodes.Invalid;
            }

            timeout = parsed;
        }

        var pipeline = PipelineFile.Load(path, stderr, out var text);
        StartupTrace.Mark(stderr, "pipeline loaded"); // the floor under any hosting: a fresh process's first YAML parse
        warmUp?.Loaded(broker is null ? pipeline : null); // over a broker the engine runs in the Coordinator, not here
        var pairs = PipelineFile.Pairs(inputs, "--input", stderr);
        var given = SecretOptions.Read(secretOptions ?? [], stderr);
        if (pipeline is null || pairs is null || given is null)
        {
            return ExitCodes.Invalid;
        }

        // A type: secret input given with --input is a secret all the same: it never becomes an input.
        var (plain, secrets, secretErrors) = SecretBinder.Split(pipeline, pairs, given);
        pairs = plain;
        var (_, inputErrors) = InputBinder.Bind(pipeline, pairs);
        var errors = inputErrors.Concat(secretErrors).ToList();
        foreach (var error in errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        if (errors.Count > 0)
        {
            return ExitCodes.Invalid;
        }

        if (slots < 0)
        {
            stderr.WriteLine("error: --slots must be at least 1");
            return ExitCodes.Invalid;
        }

        // The embedded executor must not silently cap what the pipeline declares: steps are mostly I/O-bound.
        slots = slots > 0 ? slots : Math.Max(DefaultSlots, pipeline.Concurrency ?? 0);

        if (broker is not null && store is not null)
        {
            stderr.WriteLine("warning: --store is the Coordinator's choice with --broker; start it with --store instead");
        }

        if (broker is not null && keepWorkspace)
        {
            stderr.WriteLine("warning: --keep-workspace is each Executor's choice with --broker; start them with Executor:KeepWorkspace=true instead");
        }

        var name = runId is not null && !Guid.TryParse(runId, out _) ? runId : null;
        var request = new RunRequest(path, text!, pairs, RunIds.From(runId), broker, slots, json, logs,
            store, name, Secrets: secrets, Timeout: timeout, ConcurrencyCap: concurrencyCap, KeepWorkspace: keepWorkspace);
        if (runId is not null)
        {
            // The id may be taken: never a second driver of a live run, never another run's report.
            var handled = broker is null
                ? await Operating.ExistingRun.EmbeddedAsync(request, stdout, stderr).ConfigureAwait(false)
                : await Operating.ExistingRun.OverBrokerAsync(request, stdout, stderr).ConfigureAwait(false);
            if (handled is { } exitCode)
            {
                return exitCode;
            }
        }

        return await FollowAsync(request, stdout, stderr, warmUp).ConfigureAwait(false);
    }

    /// <summary>Runs (or resumes) on the chosen runtime, then prints the report; the exit code follows the outcome.</summary>
    public static async Task<int> FollowAsync(RunRequest request, TextWriter stdout, TextWriter stderr, StartupWarmUp? warmUp = null)
    {
        if (request.BrokerUrl is { } url)
        {
            var (settings, exitCode) = await BrokerCheck.ConnectAsync(url, stderr).ConfigureAwait(false);
            if (settings is null)
            {
                return exitCode;
            }
        }

        var outcome = await new RunSession(request, stderr, warmUp).RunAsync().ConfigureAwait(false);
        if (outcome.GaveUp is { } reason)
        {
            stderr.WriteLine($"error: {reason}");
            return outcome.Answered ? ExitCodes.Failed : ExitCodes.Unavailable;
        }

        if (outcome.Rejected is { } rejected)
        {
            foreach (var error in rejected.Errors)
            {
                stderr.WriteLine(error);
            }

            return ExitCodes.Invalid;
        }

        var report = ReportMapper.ToReport(outcome.Finished!);
        return ReportOutput.Write(stdout, report, request.Json);
    }
}
