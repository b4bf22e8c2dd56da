namespace Platform.Pipelines.Engine;

/// <summary>Why a group's children are being stopped, which decides what is spared.</summary>
internal enum StopKind
{
    /// <summary>A failure in this or an enclosing scope: <c>when: always|failure</c> nodes and fire-and-forget children are spared.</summary>
    FailFast,

    /// <summary>A user cancel, a timeout or a decided race: everything stops.</summary>
    Forced,
}
