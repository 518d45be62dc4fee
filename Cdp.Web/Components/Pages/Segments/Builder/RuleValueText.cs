using System.Globalization;
using System.Text.Json;
using Cdp.Core.Segments.Rules;

namespace Cdp.Web.Components.Pages.Segments.Builder;

/// <summary>Reads a rule's JSON value the way the value editors show it (lenient, as the engine is).</summary>
public static class RuleValueText
{
    public static IReadOnlyList<string> List(Rule rule) => rule.Value switch
    {
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(Scalar).Where(v => v.Length > 0).ToList(),
        { } single => Scalar(single).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        null => [],
    };

    public static string? Single(Rule rule) => rule.Value is { ValueKind: not JsonValueKind.Array } value ? Scalar(value) : null;

    public static decimal? Number(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static DateTime? Date(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The two ends of a <c>between</c> value; missing ends are null.</summary>
    public static (string? Low, string? High) Range(Rule rule)
    {
        var items = List(rule);
        return (items.ElementAtOrDefault(0), items.ElementAtOrDefault(1));
    }

    public static string DateText(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "",
    };
}
