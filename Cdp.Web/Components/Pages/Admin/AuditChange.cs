using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cdp.Web.Components.Pages.Admin;

/// <summary>An audit entry's before and after, indented for reading, with the top-level fields that changed.</summary>
public sealed record AuditChange(string? Before, string? After, IReadOnlyList<string> Changed)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AuditChange From(string? before, string? after)
    {
        var (beforeFields, beforeText) = Read(before);
        var (afterFields, afterText) = Read(after);
        var changed = beforeFields is null || afterFields is null
            ? []
            : beforeFields.Keys.Union(afterFields.Keys)
                .Where(k => beforeFields.GetValueOrDefault(k) != afterFields.GetValueOrDefault(k)).Order().ToList();
        return new AuditChange(beforeText, afterText, changed);
    }

    /// <summary>The JSON's top-level fields as raw text (to compare), and the whole indented; text that is not JSON stays as it is.</summary>
    private static (Dictionary<string, string>? Fields, string? Text) Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, null);
        try
        {
            using var document = JsonDocument.Parse(json);
            var fields = document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText())
                : null;
            return (fields, JsonSerializer.Serialize(document.RootElement, Indented));
        }
        catch (JsonException)
        {
            return (null, json);
        }
    }
}
