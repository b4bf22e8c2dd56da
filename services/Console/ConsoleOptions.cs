namespace Platform.WebConsole;

/// <summary>Section <c>Console</c>: the run store the Coordinator writes (<c>--store</c>), read here.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>The address to listen on when none is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>): this machine only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// The Coordinator's store: <c>mongodb://…</c>, or the same SQLite file. Empty: the Coordinator's
    /// default, <c>~/.local/share/platform/coordinator/runs.db</c>.
    /// </summary>
    public string Store { get; set; } = "";

    public string StoreLocation => string.IsNullOrWhiteSpace(Store)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } data
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "platform", "coordinator", "runs.db")
        : Store;
}
