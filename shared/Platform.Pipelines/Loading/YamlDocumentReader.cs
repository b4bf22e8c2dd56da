using System.Text.RegularExpressions;
using Platform.Pipelines.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Parses the YAML text with the limits that keep a hostile or broken file from hurting us:
/// size, nesting depth (checked on the event stream before a tree is built) and the number of
/// nodes with aliases expanded.
/// </summary>
internal static partial class YamlDocumentReader
{
    public static YamlNode? Parse(string text, string file, DiagnosticBag diagnostics)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) > Limits.MaxFileBytes)
        {
            diagnostics.Add(new SourceLocation(file, 1, 1), $"the file is larger than {Limits.MaxFileBytes / 1024} KiB: a pipeline this big is a mistake");
            return null;
        }

        try
        {
            if (TooDeep(text) is { } deep)
            {
                diagnostics.Add(new SourceLocation(file, (int)deep.Line, (int)deep.Column), $"the YAML is nested more than {Limits.MaxYamlDepth} levels deep");
                return null;
            }

            if (ForeignTag(text) is { } tagged)
            {
                diagnostics.Add(new SourceLocation(file, (int)tagged.Start.Line, (int)tagged.Start.Column),
                    $"YAML tag '{tagged.Tag.Value}' is not allowed: a pipeline uses plain YAML (the core schema's !!str, !!int, !!float, !!bool, !!null, !!seq, !!map at most)");
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                diagnostics.Add(new SourceLocation(file, 1, 1), "the file is empty: a pipeline needs at least 'id' and 'steps'");
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode;
                diagnostics.Add(new SourceLocation(file, (int)second.Start.Line, (int)second.Start.Column), "the file holds more than one YAML document ('---'): a pipeline is one document");
            }

            var root = stream.Documents[0].RootNode;
            if (ExpandedSize(root, new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance)) > Limits.MaxYamlNodes)
            {
                diagnostics.Add(new SourceLocation(file, 1, 1), $"the YAML expands to more than {Limits.MaxYamlNodes:N0} nodes through aliases");
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            var line = Math.Max(1, (int)e.Start.Line);
            var column = Math.Max(1, (int)e.Start.Column);
            diagnostics.Add(new SourceLocation(file, line, column), YamlSyntaxHelp.Explain(Clean(e)));
            return null;
        }
    }

    private static Mark? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > Limits.MaxYamlDepth)
                    {
                        return parser.Current.Start;
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }

        return null;
    }

    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    };

    /// <summary>The first node with a tag outside the core schema (e.g. !!python/object, !Ref), if any.</summary>
    private static NodeEvent? ForeignTag(string text)
    {
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
        {
            if (parser.Current is NodeEvent { Tag: { IsEmpty: false, IsNonSpecific: false } tag } node && !CoreTags.Contains(tag.Value))
            {
                return node;
            }
        }

        return null;
    }

    private static long ExpandedSize(YamlNode node, Dictionary<YamlNode, long> memo)
    {
        if (memo.TryGetValue(node, out var known))
        {
            return known;
        }

        memo[node] = 1; // a recursive alias counts once instead of looping
        long size = 1;
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    size += ExpandedSize(k, memo) + ExpandedSize(v, memo);
                    if (size > Limits.MaxYamlNodes)
                    {
                        break;
                    }
                }

                break;
            case YamlSequenceNode list:
                foreach (var child in list.Children)
                {
                    size += ExpandedSize(child, memo);
                    if (size > Limits.MaxYamlNodes)
                    {
                        break;
                    }
                }

                break;
        }

        memo[node] = size;
        return size;
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; the location is ours to print.</summary>
    private static string Clean(YamlException e)
    {
        var message = (e.InnerException as YamlException)?.Message ?? e.Message;
        message = PositionPrefix().Replace(message, "");
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.') : "unreadable YAML";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
