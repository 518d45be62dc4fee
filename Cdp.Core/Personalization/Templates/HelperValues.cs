using System.Collections;
using System.Globalization;
using HandlebarsDotNet;

namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// Reads helper arguments forgivingly: a template that passes text where a number belongs renders empty rather
/// than failing for one customer, since a render must never break after the template was accepted.
/// </summary>
internal static class HelperValues
{
    /// <summary>Null for missing members too (Handlebars passes a marker object for those).</summary>
    public static object? Value(object? value) => value is UndefinedBindingResult ? null : value;

    /// <summary>Handlebars truthiness: null, false, 0, empty text and empty lists are false.</summary>
    public static bool Truthy(object? value) => Value(value) switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        IEnumerable e => e.GetEnumerator().MoveNext(),
        var v when Number(v) is { } n && v is not string => n != 0,
        _ => true,
    };

    /// <summary>Numbers, and text written with invariant digits (Handlebars passes literals like 1.5 as text).</summary>
    public static decimal? Number(object? value) => Value(value) switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        double d when double.IsFinite(d) && Math.Abs(d) < 7.9e28 => (decimal)d,
        float f when float.IsFinite(f) && Math.Abs(f) < 7.9e28f => (decimal)f,
        string s when decimal.TryParse(s.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>Dates and date-times, and ISO 8601 text (custom attribute dates are stored that way).</summary>
    public static DateTime? Date(object? value) => Value(value) switch
    {
        DateTime d => d,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset d => d.UtcDateTime,
        string s when DateTime.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) => parsed,
        _ => null,
    };

    public static string Text(object? value, CultureInfo culture) => Value(value) switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, culture),
        var v => v.ToString() ?? "",
    };

    public static bool IsEmpty(object? value) => Value(value) switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s),
        _ => false,
    };

    /// <summary>Numbers (and numeric text) compare as numbers, dates as dates, anything else as text ignoring case; null when only one side is missing.</summary>
    public static int? Compare(object? left, object? right)
    {
        left = Value(left);
        right = Value(right);
        if (left is null || right is null) return left is null && right is null ? 0 : null;
        if (Number(left) is { } a && Number(right) is { } b) return a.CompareTo(b);
        // Two texts are not read as dates: short numbers like "1.5" would parse as days of the year.
        if ((left is not string || right is not string) && Date(left) is { } x && Date(right) is { } y) return x.CompareTo(y);
        return string.Compare(Text(left, CultureInfo.InvariantCulture), Text(right, CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase);
    }
}
