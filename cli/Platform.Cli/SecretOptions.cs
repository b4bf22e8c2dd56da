namespace Platform.Cli;

/// <summary>
/// <c>--secret NAME</c> reads the value from the environment variable NAME; <c>--secret NAME=@FILE</c>
/// from a file (one trailing newline dropped). A value on the command line itself is refused: every
/// user of the machine can read a process's arguments.
/// </summary>
internal static class SecretOptions
{
    public const string Option = "--secret";

    public static Dictionary<string, string>? Read(IEnumerable<string> options, TextWriter stderr)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? option : option[..eq];
            if (name.Length == 0)
            {
                stderr.WriteLine($"error: {Option} expects NAME or NAME=@FILE, got '{option}'");
                return null;
            }

            if (eq < 0)
            {
                if (Environment.GetEnvironmentVariable(name) is not { } value)
                {
                    stderr.WriteLine($"error: {Option} {name}: the environment variable {name} is not set");
                    return null;
                }

                secrets[name] = value;
                continue;
            }

            var source = option[(eq + 1)..];
            if (!source.StartsWith('@'))
            {
                stderr.WriteLine($"error: {Option} {name}=...: give the value in the environment variable {name} ({Option} {name}) or a file ({Option} {name}=@FILE), never on the command line");
                return null;
            }

            try
            {
                var text = File.ReadAllText(source[1..]);
                secrets[name] = text.EndsWith('\n') ? text[..^(text.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1)] : text;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {Option} {name}: cannot read {source[1..]}: {e.Message}");
                return null;
            }
        }

        return secrets;
    }
}
