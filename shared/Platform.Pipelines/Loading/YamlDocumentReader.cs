using System.Text.RegularExpressions;
using Platform.Pipelines.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Parses the YAML text with the limits that keep a hostile or broken file from hurting us:
/// size, nesting depth and foreign tags (checked on the event stream as the tree is built, by
/// <see cref="GuardedParser"/>) and the number of nodes with aliases expanded.
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
            var parser = new GuardedParser(text);
            var stream = new YamlStream();
            stream.Load(parser);
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
            // Without aliases the tree holds the nodes read and no more: nothing to walk unless there are too many.
            if ((parser.SawAlias || parser.Nodes > Limits.MaxYamlNodes) && ExpandedSize(root, new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance)) > Limits.MaxYamlNodes)
            {
                diagnostics.Add(new SourceLocation(file, 1, 1), $"the YAML expands to more than {Limits.MaxYamlNodes:N0} nodes through aliases");
                return null;
            }

            return root;
        }
        catch (GuardedParser.Refusal refusal)
        {
            diagnostics.Add(new SourceLocation(file, (int)refusal.At.Line, (int)refusal.At.Column), refusal.Message);
            return null;
        }
        catch (YamlException e)
        {
            var line = Math.Max(1, (int)e.Start.Line);
            var column = Math.Max(1, (int)e.Start.Column);
            diagnostics.Add(new SourceLocation(file, line, column), YamlSyntaxHelp.Explain(Clean(e)));
            return null;
        }
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
