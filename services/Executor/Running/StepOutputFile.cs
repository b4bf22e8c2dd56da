namespace Platform.Executor.Running;

/// <summary>Reads the <c>key=value</c> lines a shell step appended to <c>$PLATFORM_OUTPUT</c>.</summary>
public static class StepOutputFile
{
    /// <summary>Outputs beyond this size are ignored: they travel in messages and reports.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static IReadOnlyDictionary<string, string> Parse(string path)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
            return outputs;

        // Sized by the file, not by the cap: most steps write a few bytes or nothing.
        using var reader = new StreamReader(path);
        var buffer = new char[Math.Min(file.Length, MaxBytes)];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        foreach (var rawLine in new string(buffer, 0, length).Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                continue;

            var key = line[..separator].Trim();
            if (key.Length > 0)
                outputs[key] = line[(separator + 1)..];
        }

        return outputs;
    }
}
