using System.Globalization;
using Platform.Contracts;

namespace Platform.Cli.Operating;

/// <summary>
/// Prints stored step output: each line with the time its batch was read and its step (and attempt,
/// after the first), and where the bound cut an attempt's output, one marker saying how much.
/// </summary>
internal sealed class LogPrinter(TextWriter output, bool showStep)
{
    private readonly HashSet<(string, int)> _marked = [];

    public void Print(LogRead read)
    {
        foreach (var chunk in read.Chunks)
        {
            var omission = read.Omissions.FirstOrDefault(o => o.StepId == chunk.StepId && o.Attempt == chunk.Attempt);
            if (omission is { AfterSequence: < 0 } && chunk.Sequence > omission.AfterSequence)
            {
                Mark(omission); // nothing of the head was kept: the marker comes first
            }

            Print(chunk.StepId, chunk.Attempt, chunk.At, chunk.Text);
            if (omission is not null && chunk.Sequence == omission.AfterSequence)
            {
                Mark(omission);
            }
        }

        if (read.Chunks.Count == 0)
        {
            foreach (var omission in read.Omissions)
            {
                Mark(omission); // nothing was kept at all
            }
        }
    }

    public void Print(string stepId, int attempt, DateTimeOffset at, string text)
    {
        var stamp = at.UtcDateTime.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var who = showStep ? (attempt > 1 ? $"{stepId}#{attempt}" : stepId) + " │ " : "";
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            output.WriteLine($"{stamp} {who}{line.TrimEnd('\r')}");
        }
    }

    private void Mark(RunLogOmission omission)
    {
        if (_marked.Add((omission.StepId, omission.Attempt)))
        {
            var who = showStep ? (omission.Attempt > 1 ? $"{omission.StepId}#{omission.Attempt}" : omission.StepId) + " │ " : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{new string(' ', 15)} {who}… {omission.Lines} lines ({omission.Bytes} bytes) omitted: over the bound of Coordinator:MaxLogBytesPerAttempt …"));
        }
    }
}
