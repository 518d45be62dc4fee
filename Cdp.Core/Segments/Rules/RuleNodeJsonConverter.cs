using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cdp.Core.Segments.Rules;

/// <summary>
/// Reads a node as a group when it has "rules", else as a rule (react-querybuilder has no type tag), and
/// writes camelCase properties, leaving out the ones at their defaults.
/// </summary>
internal sealed class RuleNodeJsonConverter : JsonConverter<RuleNode>
{
    public override RuleNode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return RuleTreeJson.ReadNode(document.RootElement, "");
    }

    public override void Write(Utf8JsonWriter writer, RuleNode value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Id is not null) writer.WriteString("id", value.Id);
        switch (value)
        {
            case RuleGroup group:
                writer.WriteString("combinator", group.Combinator);
                writer.WriteBoolean("not", group.Not);
                writer.WritePropertyName("rules");
                writer.WriteStartArray();
                foreach (var child in group.Rules) Write(writer, child, options);
                writer.WriteEndArray();
                break;
            case Rule rule:
                writer.WriteString("field", rule.Field);
                writer.WriteString("operator", rule.Operator);
                if (rule.Value is { } v)
                {
                    writer.WritePropertyName("value");
                    v.WriteTo(writer);
                }
                if (rule.ValueSource is not null) writer.WriteString("valueSource", rule.ValueSource);
                if (rule.Window is { } window)
                {
                    writer.WriteStartObject("window");
                    writer.WriteNumber("days", window.Days);
                    writer.WriteEndObject();
                }
                break;
        }
        writer.WriteEndObject();
    }
}
