using System.Text.Json;

namespace Cdp.Core.Segments.Rules;

/// <summary>Reads and writes rule trees as JSON, naming the node of any shape error by its path.</summary>
public static class RuleTreeJson
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };

    /// <summary>Parses a tree whose root must be a group.</summary>
    /// <exception cref="RuleTreeException">The text is not JSON or not a rule tree.</exception>
    public static RuleGroup Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new RuleTreeException([new RuleError("", $"not valid JSON: {e.Message}")]);
        }
    }

    /// <summary>Reads a tree from an already parsed JSON value; the root must be a group.</summary>
    public static RuleGroup Read(JsonElement element) =>
        ReadNode(element, "") as RuleGroup
        ?? throw new RuleTreeException([new RuleError("", "the root must be a group (an object with \"rules\")")]);

    public static string Serialize(RuleNode node) => JsonSerializer.Serialize(node, WriteOptions);

    internal static RuleNode ReadNode(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Error(path, "expected an object (a group or a rule)");
        var id = OptionalString(element, "id", path);
        if (element.TryGetProperty("rules", out var rules)) return ReadGroup(element, rules, id, path);

        var rule = new Rule
        {
            Id = id,
            Field = RequiredString(element, "field", path),
            Operator = RequiredString(element, "operator", path),
            ValueSource = OptionalString(element, "valueSource", path),
        };
        if (element.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null)
            rule.Value = value.Clone();
        if (element.TryGetProperty("window", out var window) && window.ValueKind != JsonValueKind.Null)
            rule.Window = ReadWindow(window, Join(path, "window"));
        return rule;
    }

    private static RuleGroup ReadGroup(JsonElement element, JsonElement rules, string? id, string path)
    {
        if (rules.ValueKind != JsonValueKind.Array) throw Error(Join(path, "rules"), "expected an array");
        var group = new RuleGroup { Id = id };
        if (element.TryGetProperty("combinator", out var combinator) && combinator.ValueKind != JsonValueKind.Null)
        {
            var text = combinator.ValueKind == JsonValueKind.String ? combinator.GetString()!.ToLowerInvariant() : null;
            if (text is not (Combinators.And or Combinators.Or))
                throw Error(Join(path, "combinator"), "expected \"and\" or \"or\"");
            group.Combinator = text;
        }
        if (element.TryGetProperty("not", out var not) && not.ValueKind != JsonValueKind.Null)
        {
            if (not.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw Error(Join(path, "not"), "expected true or false");
            group.Not = not.GetBoolean();
        }
        var index = 0;
        foreach (var child in rules.EnumerateArray())
            group.Rules.Add(ReadNode(child, Join(path, $"rules[{index++}]")));
        return group;
    }

    private static RuleWindow ReadWindow(JsonElement window, string path)
    {
        if (window.ValueKind != JsonValueKind.Object || !window.TryGetProperty("days", out var days))
            throw Error(path, "expected {\"days\": N}");
        if (days.ValueKind == JsonValueKind.Number && days.TryGetInt32(out var n)) return new RuleWindow(n);
        if (days.ValueKind == JsonValueKind.String && int.TryParse(days.GetString(), out n)) return new RuleWindow(n);
        throw Error(Join(path, "days"), "expected a whole number of days");
    }

    private static string RequiredString(JsonElement element, string name, string path) =>
        OptionalString(element, name, path) ?? throw Error(Join(path, name), "is missing");

    private static string? OptionalString(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Error(Join(path, name), "expected text"),
        };
    }

    internal static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    private static RuleTreeException Error(string path, string message) => new([new RuleError(path, message)]);
}
