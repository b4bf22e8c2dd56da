using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Pipelines.Expressions;

/// <summary>Values as plain JSON: strings, numbers, booleans, arrays and null (for stored run events).</summary>
public sealed class ValueJsonConverter : JsonConverter<Value>
{
    public override bool HandleNull => true;

    /// <summary>A JSON array as a list value (items from an output, a list input on the command line).</summary>
    /// <exception cref="JsonException">when <paramref name="json"/> is not a JSON array.</exception>
    public static ListValue ReadArray(string json) =>
        JsonSerializer.Deserialize<Value>(json) as ListValue ?? throw new JsonException("not a JSON array");

    public override Value Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return Value.Of(reader.GetString());
            case JsonTokenType.Number:
                return Value.Of(reader.GetDouble());
            case JsonTokenType.True:
                return Value.True;
            case JsonTokenType.False:
                return Value.False;
            case JsonTokenType.Null:
                return Value.Null;
            case JsonTokenType.StartObject:
                // Values have no mappings: an object (e.g. in an output's JSON array) stays its text.
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return Value.Of(document.RootElement.GetRawText());
                }

            case JsonTokenType.StartArray:
                var items = new List<Value>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader, typeToConvert, options));
                }

                return Value.Of(items);
            default:
                throw new JsonException($"a value cannot be {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, Value value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case StringValue s:
                writer.WriteStringValue(s.Text);
                break;
            case NumberValue n:
                writer.WriteNumberValue(n.Number);
                break;
            case BoolValue b:
                writer.WriteBooleanValue(b.Bool);
                break;
            case ListValue list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(writer, item, options);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
