using System.Globalization;
using System.Text.Json;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>A date value: a whole UTC day (<c>2024-05-01</c>) or an exact instant.</summary>
internal readonly record struct DateValue(DateTime Start, bool WholeDay)
{
    /// <summary>The first moment after the value: the next day's start for a day, the instant itself otherwise.</summary>
    public DateTime End => WholeDay ? Start.AddDays(1) : Start;
}

/// <summary>A value that does not fit the rule; the compiler reports it at the rule's <paramref name="member"/>.</summary>
internal class RuleValueException(string message, string member = "value") : Exception(message)
{
    public string Member { get; } = member;
}

/// <summary>
/// Reads rule values the lenient way react-querybuilder writes them: numbers as numbers or numeric strings,
/// lists as arrays or comma-separated text, ranges as two-element arrays or "low,high".
/// </summary>
internal static class RuleValues
{
    public const int MaxListLength = 1000;
    public const int MaxTextLength = 500;
    public const int MaxDays = 36_500;

    public static string Text(Rule rule)
    {
        var value = Required(rule);
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new RuleValueException("expected text"),
        };
        if (text.Length == 0) throw new RuleValueException("is empty");
        if (text.Length > MaxTextLength) throw new RuleValueException($"is longer than {MaxTextLength} characters");
        return text;
    }

    public static IReadOnlyList<string> List(Rule rule)
    {
        var value = Required(rule);
        IEnumerable<string> items = value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Select(Item),
            JsonValueKind.String => value.GetString()!.Split(',', StringSplitOptions.TrimEntries),
            JsonValueKind.Number => [value.GetRawText()],
            _ => throw new RuleValueException("expected a list of values"),
        };
        // Ordinal: SQLite folds only ASCII letters, so "ZÜRICH" and "Zürich" are different values there.
        var list = items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) throw new RuleValueException("expected at least one value");
        if (list.Count > MaxListLength) throw new RuleValueException($"has more than {MaxListLength} values");
        if (list.Any(i => i.Length > MaxTextLength)) throw new RuleValueException($"has a value longer than {MaxTextLength} characters");
        return list;

        static string Item(JsonElement item) => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!.Trim(),
            JsonValueKind.Number => item.GetRawText(),
            _ => throw new RuleValueException("expected a list of text values"),
        };
    }

    public static decimal Number(Rule rule, bool whole) => ToNumber(Required(rule), whole);

    public static (decimal Low, decimal High) NumberRange(Rule rule, bool whole)
    {
        var (low, high) = Pair(Required(rule));
        var range = (ToNumber(low, whole), ToNumber(high, whole));
        if (range.Item1 > range.Item2) throw new RuleValueException("the low end of the range is above the high end");
        return range;
    }

    public static DateValue Date(Rule rule) => ToDate(Required(rule));

    public static (DateValue Low, DateValue High) DateRange(Rule rule)
    {
        var (low, high) = Pair(Required(rule));
        var range = (ToDate(low), ToDate(high));
        if (range.Item1.Start > range.Item2.Start) throw new RuleValueException("the first date is after the second");
        return range;
    }

    /// <summary>A count of days for relative operators: whole, 0 or more.</summary>
    public static int Days(Rule rule, int max = MaxDays)
    {
        var number = ToNumber(Required(rule), whole: true);
        if (number < 0 || number > max) throw new RuleValueException($"expected a number of days from 0 to {max:N0}");
        return (int)number;
    }

    public static bool Boolean(Rule rule)
    {
        var value = Required(rule);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => throw new RuleValueException("expected true or false"),
        };
    }

    private static JsonElement Required(Rule rule) =>
        rule.Value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value
            ? value
            : throw new RuleValueException("is missing");

    private static decimal ToNumber(JsonElement value, bool whole)
    {
        decimal number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out number)) { }
        else if (value.ValueKind == JsonValueKind.String
                 && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)) { }
        else throw new RuleValueException(whole ? "expected a whole number" : "expected a number");
        if (whole && number != decimal.Truncate(number)) throw new RuleValueException("expected a whole number");
        if (Math.Abs(number) > 1_000_000_000_000m) throw new RuleValueException("is too large");
        return number;
    }

    private static DateValue ToDate(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (text is not null)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return new DateValue(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), WholeDay: true);
            if (text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
                return new DateValue(instant.UtcDateTime, WholeDay: false);
        }
        throw new RuleValueException("expected a date (yyyy-MM-dd) or an ISO 8601 date and time");
    }

    private static (JsonElement Low, JsonElement High) Pair(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2) return (value[0], value[1]);
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Split(',', StringSplitOptions.TrimEntries) is [var low, var high])
            return (JsonSerializer.SerializeToElement(low), JsonSerializer.SerializeToElement(high));
        throw new RuleValueException("expected two values: low and high");
    }
}
