using System.Text.Json;

namespace Cdp.Core.Customers;

/// <summary>
/// Custom attributes are extra imported columns kept on the customer as one JSON object, so that SQLite's
/// json_extract can filter on them in SQL. Numbers stay JSON numbers, booleans JSON booleans and dates ISO
/// 8601 strings (which compare correctly as text).
/// </summary>
public static class CustomAttributes
{
    public static IReadOnlyDictionary<string, JsonElement> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new Dictionary<string, JsonElement>();
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase);
    }

    public static string? Serialize(IReadOnlyDictionary<string, object?> values) =>
        values.Count == 0 ? null : JsonSerializer.Serialize(values);

    /// <summary>A value as a marketer reads it: dates and numbers as written, booleans as Yes/No.</summary>
    public static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };
}
