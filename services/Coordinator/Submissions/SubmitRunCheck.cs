using Platform.Contracts;

namespace Platform.Coordinator.Submissions;

/// <summary>What makes a SubmitRun unusable before its pipeline is even read; each problem names the field.</summary>
public static class SubmitRunCheck
{
    private const int MaxFileNameLength = 4096;
    private const int MaxNameLength = 200;

    public static IReadOnlyList<string> Problems(SubmitRun message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        if (message.RunId == Guid.Empty)
            problems.Add("error: runId is empty: every run needs a GUID of its own");
        if (string.IsNullOrWhiteSpace(message.PipelineYaml))
            problems.Add("error: pipelineYaml is empty: send the pipeline's text");
        if (message.PipelineFile is { } file && (file.Length > MaxFileNameLength || file.Any(char.IsControl)))
            problems.Add($"error: pipelineFile must be a file name of at most {MaxFileNameLength} characters without control characters");
        if (message.Name is { } name && (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl)))
            problems.Add($"error: name must be 1 to {MaxNameLength} characters without control characters");
        foreach (var (field, values) in new[] { ("inputs", message.Inputs), ("secrets", message.Secrets) })
        {
            if (values is not null && values.Any(p => string.IsNullOrEmpty(p.Key) || p.Value is null))
                problems.Add($"error: {field} holds an empty name or a null value");
        }

        return problems;
    }
}
