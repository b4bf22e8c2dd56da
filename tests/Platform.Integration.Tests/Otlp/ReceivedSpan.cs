namespace Platform.Integration.Tests.Otlp;

/// <summary>One span as an OTLP receiver got it: ids in hex, the emitting service, its attributes as text.</summary>
public sealed record ReceivedSpan(
    string Service,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    IReadOnlyDictionary<string, string> Attributes);
