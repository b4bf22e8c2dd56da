using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>Reads a pipeline file into the model and validates it (docs/pipelines.md).</summary>
public static class PipelineLoader
{
    /// <summary>
    /// Parses and validates <paramref name="yaml"/>; <paramref name="file"/> names it in errors.
    /// Every error found is reported, in file order; the pipeline is returned only when there are none.
    /// The same text and file loaded again in this process give the same result without a second parse (<see cref="LoadCache"/>).
    /// </summary>
    public static LoadResult Load(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        return LoadCache.GetOrLoad(yaml, file, Parse);
    }

    private static LoadResult Parse(string yaml, string file)
    {
        var parseErrors = new DiagnosticBag();
        var root = YamlDocumentReader.Parse(yaml, file, parseErrors);
        if (root is null)
        {
            return new LoadResult(null, parseErrors.Sorted());
        }

        var context = new ReaderContext(file, yaml, ExplicitIds(root));
        foreach (var error in parseErrors.Sorted())
        {
            context.Diagnostics.Add(error.Location, error.Message); // e.g. a second document: reported, not dropped
        }

        var pipeline = new PipelineReader(context).Read(root);
        if (pipeline is not null)
        {
            new PipelineValidator(context, pipeline).Validate();
        }

        var errors = context.Diagnostics.Sorted();
        return new LoadResult(errors.Count == 0 ? pipeline : null, errors) { Warnings = context.Warnings.Sorted() };
    }

    public static LoadResult LoadFile(string path) => Load(File.ReadAllText(path), path);

    /// <summary>Ids the user wrote anywhere below the top, so a generated id never takes one of them.</summary>
    private static HashSet<string> ExplicitIds(YamlNode root)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<YamlNode>();
        if (root is YamlMappingNode top)
        {
            foreach (var (key, value) in top.Children)
            {
                if (key is YamlScalarNode { Value: "steps" or "finally" })
                {
                    stack.Push(value);
                }
            }
        }

        while (stack.TryPop(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is YamlScalarNode { Value: "id" } && value is YamlScalarNode { Value: { } id })
                        {
                            ids.Add(id);
                        }

                        stack.Push(value);
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var child in list.Children)
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        return ids;
    }
}
