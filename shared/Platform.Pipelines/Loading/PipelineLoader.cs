namespace Platform.Pipelines.Loading;

/// <summary>Reads a pipeline file into the model and validates it (PIPELINES.md §1–4).</summary>
public static class PipelineLoader
{
    /// <summary>Parses and validates <paramref name="yaml"/>; <paramref name="file"/> names it in errors.</summary>
    public static LoadResult Load(string yaml, string file) =>
        throw new NotImplementedException("the loader is being written");

    public static LoadResult LoadFile(string path) => Load(File.ReadAllText(path), path);
}
