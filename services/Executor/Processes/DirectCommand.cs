using System.Buffers;

namespace Platform.Executor.Processes;

/// <summary>
/// GNU make's fast path, for the same reason: a step whose whole `run` is one simple command —
/// words of plain characters, no quoting, expansion, globbing, redirection or operators, and not a
/// shell builtin or keyword — means exactly the same run with or without bash, so it is executed
/// directly and spares a bash start (about 1.5 ms). Anything else, or a command that does not
/// resolve to an ELF binary or a <c>#!</c> script, goes to bash, which also gives a missing
/// command its usual "command not found" and exit code 127.
/// </summary>
public static class DirectCommand
{
    // Characters with no meaning to bash in an unquoted word (no $ ` ' " \ * ? [ ] { } ~ ! # & ; | < > ( )).
    static readonly SearchValues<char> PlainWordCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-");

    // Bash keywords and builtins: bash runs these itself, and where a utility of the same name exists
    // (echo, printf, pwd, kill, test) it differs in details. true and false with no argument do not.
    static readonly HashSet<string> ShellWords = new(StringComparer.Ordinal)
    {
        ".", ":", "alias", "bg", "bind", "break", "builtin", "caller", "case", "cd", "command", "compgen", "complete",
        "compopt", "continue", "coproc", "declare", "dirs", "disown", "do", "done", "echo", "elif", "else", "enable",
        "esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi", "for", "function", "getopts", "hash", "help",
        "history", "if", "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd",
        "read", "readarray", "readonly", "return", "select", "set", "shift", "shopt", "source", "suspend", "test", "then",
        "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "until", "wait", "while",
    };

    /// <summary>
    /// The program and arguments to execute without a shell, or null when bash must run the commands.
    /// <paramref name="path"/> is the step's PATH; relative commands resolve against <paramref name="workdir"/>.
    /// An argument that is exactly a template's reference, <c>"${PLATFORM_T_n}"</c>, is that variable's
    /// value from <paramref name="environment"/> as one argument — what bash would pass — never re-read.
    /// </summary>
    public static IReadOnlyList<string>? TryParse(IReadOnlyList<string> commands, string? path, string workdir,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        if (commands.Count != 1)
            return null;

        var words = commands[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Skip(1).Any(w => !IsTemplateValue(w, environment) && w.AsSpan().ContainsAnyExcept(PlainWordCharacters))
            || words[0].AsSpan().ContainsAnyExcept(PlainWordCharacters))
            return null;

        for (var i = 1; i < words.Length; i++)
        {
            if (IsTemplateValue(words[i], environment))
                words[i] = environment![words[i][3..^2]];
        }

        var name = words[0];
        if (name.Contains('=', StringComparison.Ordinal) || name.StartsWith('-'))
            return null; // an assignment, or not a command

        if (ShellWords.Contains(name) && !(name is "true" or "false" && words.Length == 1))
            return null;

        return Resolve(name, path, workdir) is { } program ? [program, .. words[1..]] : null;
    }

    /// <summary>A whole word <c>"${PLATFORM_T_n}"</c> whose variable the step's environment holds.</summary>
    static bool IsTemplateValue(string word, IReadOnlyDictionary<string, string>? environment) =>
        environment is not null && word.StartsWith("\"${PLATFORM_T_", StringComparison.Ordinal) && word.EndsWith("}\"", StringComparison.Ordinal)
        && word.Length > 17 && !word.AsSpan(14, word.Length - 16).ContainsAnyExceptInRange('0', '9') && environment.ContainsKey(word[3..^2]);

    /// <summary>
    /// Where bash would find <paramref name="name"/> — the first executable file of that name — if it
    /// is a binary or a script with a #! line; null otherwise (not found, or a file bash would run itself).
    /// </summary>
    static string? Resolve(string name, string? path, string workdir)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var file = Path.GetFullPath(name, workdir);
            return IsExecutableFile(file) && StartsAsProgram(file) ? file : null;
        }

        return FindOnPath(name, path, workdir) is { } found && StartsAsProgram(found) ? found : null;
    }

    /// <summary>The first executable file named <paramref name="name"/> on <paramref name="path"/>, as execvp would find it.</summary>
    public static string? FindOnPath(string name, string? path, string workdir)
    {
        foreach (var directory in (path ?? "").Split(':'))
        {
            // An empty PATH entry means the current directory.
            var candidate = Path.Combine(directory.Length == 0 ? workdir : Path.GetFullPath(directory, workdir), name);
            if (IsExecutableFile(candidate))
                return candidate;
        }

        return null;
    }

    static bool IsExecutableFile(string file)
    {
        try
        {
            return !OperatingSystem.IsWindows() && File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>An ELF binary or a #! script; without either, execve fails and bash would run the file as a bash script.</summary>
    static bool StartsAsProgram(string file)
    {
        try
        {
            Span<byte> head = stackalloc byte[4];
            using var stream = File.OpenRead(file);
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var elf = read == 4 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';
            var shebang = read >= 2 && head[0] == (byte)'#' && head[1] == (byte)'!';
            return elf || shebang;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
