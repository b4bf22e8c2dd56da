using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Platform.Pipelines.Loading;

/// <summary>
/// The event stream YamlDotNet builds the document tree from, checked as it passes, so the text is
/// parsed once: nesting deeper than <see cref="Limits.MaxYamlDepth"/> stops the read at that event
/// (before YamlDotNet's recursive tree building goes any deeper), a tag outside the core schema stops
/// it at that node, and aliases are noted, so the expanded size is only walked when there are some.
/// </summary>
internal sealed class GuardedParser(string text) : IParser
{
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    };

    private readonly Parser _inner = new(new StringReader(text));
    private int _depth;

    public ParsingEvent? Current => _inner.Current;

    /// <summary>True once an alias (<c>*name</c>) was read: only then can the tree hold more nodes than were read.</summary>
    public bool SawAlias { get; private set; }

    /// <summary>Scalars, mappings and lists read so far (aliases not expanded).</summary>
    public long Nodes { get; private set; }

    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        switch (_inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > Limits.MaxYamlDepth)
                {
                    throw new Refusal(_inner.Current.Start, $"the YAML is nested more than {Limits.MaxYamlDepth} levels deep");
                }

                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            case AnchorAlias:
                SawAlias = true;
                break;
        }

        if (_inner.Current is not NodeEvent node)
        {
            return true;
        }

        Nodes++;
        if (node.Tag is { IsEmpty: false, IsNonSpecific: false } tag && !CoreTags.Contains(tag.Value))
        {
            throw new Refusal(node.Start,
                $"YAML tag '{tag.Value}' is not allowed: a pipeline uses plain YAML (the core schema's !!str, !!int, !!float, !!bool, !!null, !!seq, !!map at most)");
        }

        return true;
    }

    /// <summary>The read stopped at <see cref="At"/>: the file breaks a limit there.</summary>
    public sealed class Refusal(Mark at, string message) : Exception(message)
    {
        public Mark At { get; } = at;
    }
}
