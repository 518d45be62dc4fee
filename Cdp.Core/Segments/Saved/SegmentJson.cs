using System.Text.Json;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Saved;

/// <summary>
/// Reads the segment document that <c>GET /api/segments/{id}</c> exports and <c>POST /api/segments</c> and the
/// list page's import take back: <c>{"name", "description", "key", "rules"}</c> (other members, such as the
/// exported id and count, are ignored). Every problem is a <see cref="RuleTreeException"/> naming where it is.
/// </summary>
public static class SegmentJson
{
    /// <summary>Parses a document from text, e.g. an uploaded file.</summary>
    /// <exception cref="RuleTreeException">Not JSON (the error names the line and column), or not a segment.</exception>
    public static SegmentDraft ParseDraft(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = false });
            return ReadDraft(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new RuleTreeException([new RuleError("", NotJson(e))]);
        }
    }

    /// <summary>Reads a document from already parsed JSON (a request body).</summary>
    /// <exception cref="RuleTreeException">The document or its tree is not valid.</exception>
    public static SegmentDraft ReadDraft(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
            throw new RuleTreeException([new RuleError("", "expected a segment: an object with \"name\", \"description\" and \"rules\"")]);
        var rules = ReadRules(document);
        return new SegmentDraft(Text(document, "name") ?? "", Text(document, "description"), rules, Text(document, "key"));
    }

    /// <summary>The tree under a document's <c>rules</c> member.</summary>
    /// <exception cref="RuleTreeException">It is missing or not a valid tree.</exception>
    public static RuleGroup ReadRules(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("rules", out var rules))
            throw new RuleTreeException([new RuleError("rules", "expected the rule tree, e.g. {\"rules\": {\"combinator\": \"and\", \"rules\": []}}.")]);
        return RuleTreeJson.Read(rules);
    }

    private static string? Text(JsonElement document, string name) =>
        document.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>"not valid JSON (line 3, column 7): …", counting from 1 as editors do.</summary>
    private static string NotJson(JsonException e)
    {
        // System.Text.Json appends the position to its message; it is said in words before it instead.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return e.LineNumber is { } line
            ? $"not valid JSON (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}): {message}"
            : $"not valid JSON: {message}";
    }
}
