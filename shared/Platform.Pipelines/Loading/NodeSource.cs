using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Where the parts of one step or group were written. The model keeps only the node's own
/// location; the validator needs these to point at the exact id, need or template at fault.
/// </summary>
internal sealed class NodeSource(SourceLocation item)
{
    public SourceLocation Item { get; } = item;

    /// <summary>The `id` value, or the item itself when the id was generated.</summary>
    public SourceLocation Id { get; set; } = item;

    public SourceLocation? NeedsKey { get; set; }

    public List<(string Name, SourceLocation Location)> Needs { get; } = [];

    /// <summary>The `approval` key, for the "not supported yet" error.</summary>
    public SourceLocation? ApprovalKey { get; set; }

    /// <summary>The `lock` key.</summary>
    public SourceLocation? LockKey { get; set; }

    /// <summary>The `items` value of a forEach.</summary>
    public SourceLocation? Items { get; set; }

    /// <summary>Templates and expressions of this node, read in the scope enclosing it.</summary>
    public List<TextUse> Uses { get; } = [];
}
