using Platform.Pipelines.Model;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>What every reader of one file shares: where errors go and what has been seen.</summary>
internal sealed class ReaderContext(string file, string source, IReadOnlySet<string> explicitIds)
{
    public string File { get; } = file;

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>What is allowed but probably not what the author meant (printed as `warning:`).</summary>
    public DiagnosticBag Warnings { get; } = new();

    /// <summary>Names of <c>type: secret</c> inputs, known once the inputs are read (before any step).</summary>
    public HashSet<string> SecretInputs { get; } = new(StringComparer.Ordinal);

    public SourceMap SourceMap { get; } = new();

    public IdGenerator Ids { get; } = new(explicitIds);

    /// <summary>Steps and groups read so far, for <see cref="Limits.MaxDeclaredNodes"/>.</summary>
    public int DeclaredNodes { get; set; }

    public bool NodeLimitReached { get; set; }

    public bool DepthLimitReported { get; set; }

    public SourceLocation At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public ScalarLocator Locate(YamlScalarNode node) => new(File, source, node);

    public void Error(YamlNode node, string message) => Diagnostics.Add(At(node), message);

    public void Error(SourceLocation location, string message) => Diagnostics.Add(location, message);
}
