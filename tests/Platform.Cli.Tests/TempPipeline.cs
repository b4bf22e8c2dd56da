namespace Platform.Cli.Tests;

/// <summary>A pipeline file in a temporary folder, deleted afterwards.</summary>
internal sealed class TempPipeline : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-cli-").FullName;

    public TempPipeline(string yaml, string name = "pipeline.yaml")
    {
        Path = System.IO.Path.Combine(_dir, name);
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
