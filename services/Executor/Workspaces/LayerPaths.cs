using System.Text;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Where a run's layers live on this host: <c>ROOT/RUN/LAYER</c>, under the Executor's scratch folder,
/// so what a killed Executor leaves is removed when the next one starts (<see cref="Scratch.ScratchFolder"/>).
/// </summary>
internal sealed class LayerPaths(string root)
{
    public string Root { get; } = root;

    public string Run(Guid runId) => Path.Combine(Root, runId.ToString("N"));

    public string Layer(Guid runId, string layer) => Path.Combine(Run(runId), FileName(layer));

    /// <summary>Deletes a layer (merged or discarded); a layer never made is fine.</summary>
    public void Remove(Guid runId, string layer)
    {
        var folder = Layer(runId, layer);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Moves a merged or discarded layer aside for debugging (<see cref="ExecutorOptions.KeepWorkspace"/>):
    /// <c>ROOT/RUN/kept/LAYER.N</c>, so a later group reusing the branch's id starts from an empty layer.
    /// </summary>
    public void Keep(Guid runId, string layer)
    {
        var folder = Layer(runId, layer);
        if (!Directory.Exists(folder))
        {
            return;
        }

        var kept = Directory.CreateDirectory(Path.Combine(Run(runId), "kept")).FullName;
        var n = 1;
        while (Directory.Exists(Path.Combine(kept, $"{FileName(layer)}.{n}")))
        {
            n++;
        }

        Directory.Move(folder, Path.Combine(kept, $"{FileName(layer)}.{n}"));
    }

    /// <summary>
    /// A layer's folder name: branch ids are <c>[a-z0-9_-]</c> with forEach indexes (<c>deploy[0]</c> →
    /// <c>deploy.0</c>), and must stay clear of the ':' and ',' that separate overlayfs options; anything else goes as hex.
    /// </summary>
    public static string FileName(string layer)
    {
        var name = layer.Replace('[', '.').Replace("]", "", StringComparison.Ordinal);
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && name[0] != '.'
            ? name
            : "x" + Convert.ToHexString(Encoding.UTF8.GetBytes(layer));
    }
}
