using System.Globalization;
using Google.Protobuf;

namespace Platform.Integration.Tests.Otlp;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> by field number (opentelemetry-proto), without
/// generated classes: request.resource_spans=1; ResourceSpans.resource=1, scope_spans=2;
/// Resource.attributes=1; ScopeSpans.spans=2; Span trace_id=1, span_id=2, parent_span_id=4,
/// name=5, attributes=9; KeyValue key=1, value=2; AnyValue string=1, bool=2, int=3, double=4.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IReadOnlyList<ReceivedSpan> Decode(byte[] body)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(body, 1))
        {
            var service = "";
            foreach (var resource in Fields(resourceSpans, 1))
            {
                service = Attributes(resource, 1).GetValueOrDefault("service.name", "");
            }

            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    spans.Add(new ReceivedSpan(service, Hex(Bytes(span, 1)), Hex(Bytes(span, 2)), Hex(Bytes(span, 4)),
                        Text(span, 5), Attributes(span, 9)));
                }
            }
        }

        return spans;
    }

    /// <summary>Every length-delimited field number <paramref name="field"/> of a message.</summary>
    private static List<byte[]> Fields(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    private static byte[] Bytes(byte[] message, int field) => Fields(message, field).FirstOrDefault() ?? [];

    private static string Text(byte[] message, int field) => System.Text.Encoding.UTF8.GetString(Bytes(message, field));

    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in Fields(message, field))
        {
            attributes[Text(keyValue, 1)] = AnyValue(Bytes(keyValue, 2));
        }

        return attributes;
    }

    private static string AnyValue(byte[] value)
    {
        var input = new CodedInputStream(value);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    return input.ReadString();
                case 2:
                    return input.ReadBool() ? "true" : "false";
                case 3:
                    return input.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case 4:
                    return input.ReadDouble().ToString(CultureInfo.InvariantCulture);
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return "";
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
