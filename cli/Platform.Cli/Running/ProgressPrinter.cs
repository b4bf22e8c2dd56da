using Platform.Pipelines.Engine;
using System.Globalization;
using Platform.Contracts;

namespace Platform.Cli.Running;

/// <summary>
/// Live progress on stderr: one line per step start and finish, with the time since the run began;
/// the end of a failed step's output under it (every step's with <c>--logs</c>).
/// </summary>
internal sealed class ProgressPrinter(TextWriter output, bool showLogs = false, string? runName = null)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _origin;

    /// <summary>True once any event of the run was seen.</summary>
    public bool SawAnything => _origin is not null;

    public void RunStarted(RunStarted message)
    {
        lock (_lock)
        {
            _origin ??= message.StartedAt;
            output.WriteLine($"{Stamp(message.StartedAt)} run {(runName is null ? message.RunId.ToString() : $"{runName} ({message.RunId})")} of '{message.PipelineId}' started");
        }
    }

    public void StepChanged(StepStatusChange message)
    {
        var status = StatusNames.ParseStepStatus(message.Status);
        var (symbol, verb) = status switch
        {
            StepStatus.Running => ("▶", message.Attempt > 1 ? $"started (attempt {message.Attempt})" : "started"),
            StepStatus.Waiting => ("⏸", "waiting"),
            StepStatus.Succeeded => ("✔", "succeeded"),
            StepStatus.Failed => ("✖", "failed"),
            StepStatus.TimedOut => ("⏱", "timed out"),
            StepStatus.Cancelled => ("■", "cancelled"),
            StepStatus.Skipped => ("·", "skipped"),
            StepStatus.Pending or StepStatus.Queued => ("", ""),
            _ => throw new InvalidOperationException($"a step status the CLI does not know: {status}"),
        };
        if (symbol.Length == 0 && message.Reason is null)
        {
            return; // queued and pending changes are noise on a terminal
        }

        lock (_lock)
        {
            _origin ??= message.At;
            // A success says nothing more, unless it is worth knowing: who approved it, or that it was reused.
            var reason = message.Reason is { Length: > 0 } r && (status != StepStatus.Succeeded || r.StartsWith("approved", StringComparison.Ordinal)
                || r.StartsWith("reused", StringComparison.Ordinal))
                ? ": " + (r.StartsWith(message.Status + ": ", StringComparison.Ordinal) ? r[(message.Status.Length + 2)..] : r)
                : "";
            var used = message.Resources is { } resources ? $" ({Platform.Cli.Output.ResourceText.Format(resources)})" : "";
            output.WriteLine($"{Stamp(message.At)} {(symbol.Length > 0 ? symbol : "…")} {message.StepId} {(verb.Length > 0 ? verb : message.Status)}{reason}{used}");
            if (message.LogTail is { Length: > 0 } log && !showLogs && status is StepStatus.Failed or StepStatus.TimedOut)
            {
                // The end of the step's output, indented under its line: why it failed is usually there.
                // (With --logs every line was shown as it came.)
                foreach (var line in log.TrimEnd().Split('\n').TakeLast(20))
                {
                    output.WriteLine($"             │ {line.TrimEnd('\r')}");
                }
            }
        }
    }

    /// <summary>A long step's resource use so far: <c>… build running for 10s: cpu 9.91s, peak 210 MB, …</c>.</summary>
    public void Sampled(StepResourcesSampled message)
    {
        lock (_lock)
        {
            _origin ??= message.At;
            var who = message.Attempt > 1 ? $"{message.StepId} (attempt {message.Attempt})" : message.StepId;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Stamp(message.At)} … {who} running for {message.Running.TotalSeconds:0.#}s: {Platform.Cli.Output.ResourceText.Format(message.SoFar)}"));
        }
    }

    /// <summary>Lines of a step's output as they come (<c>--logs</c>), under the step's name.</summary>
    public void Output(string stepId, int attempt, DateTimeOffset at, string text)
    {
        lock (_lock)
        {
            _origin ??= at;
            var who = attempt > 1 ? $"{stepId}#{attempt}" : stepId;
            foreach (var line in text.TrimEnd('\n').Split('\n'))
            {
                output.WriteLine($"{Stamp(at)}   {who} │ {line.TrimEnd('\r')}");
            }
        }
    }

    public void Line(string text)
    {
        lock (_lock)
        {
            output.WriteLine(text);
        }
    }

    private string Stamp(DateTimeOffset at)
    {
        var seconds = _origin is { } o ? Math.Max(0, (at - o).TotalSeconds) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"[{seconds,7:0.000}s]");
    }
}
