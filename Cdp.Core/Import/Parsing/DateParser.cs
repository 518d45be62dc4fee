using System.Globalization;
using System.Text.RegularExpressions;

namespace Cdp.Core.Import.Parsing;

/// <summary>
/// Reads dates as exports write them: ISO 8601 with or without time and offset; numeric regional dates with
/// slashes, dots or dashes (day or month first, as <see cref="DateOrder"/> says, or proven by a part above 12);
/// and dates with month names in English, German, French or Spanish. Values without an offset are taken as UTC.
/// </summary>
public static partial class DateParser
{
    private static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    private static readonly CultureInfo[] NamedMonthCultures =
        new[] { "en-US", "en-GB", "de-DE", "fr-FR", "es-ES" }.Select(CultureInfo.GetCultureInfo).ToArray();

    public static ParseResult<DateTime> ParseDateTime(string? raw, DateOrder order)
    {
        var text = CellText.Clean(raw);
        if (text is null) return ParseResult<DateTime>.Empty;

        // The common ISO forms are read directly; the general rules below handle the rest.
        if (TryPlainIso(text, out var plain))
            return plain.Year is < 1850 or > 2200
                ? ParseResult<DateTime>.Fail($"{CellText.Quote(text)} is outside the years 1850 to 2200")
                : ParseResult<DateTime>.Ok(plain);
        if (text.Length is 10 or 19 && DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var iso))
            return iso.Year is < 1850 or > 2200
                ? ParseResult<DateTime>.Fail($"{CellText.Quote(text)} is outside the years 1850 to 2200")
                : ParseResult<DateTime>.Ok(DateTime.SpecifyKind(iso, DateTimeKind.Utc));
        var result = TryIso(text) ?? TryYearFirst(text) ?? TryNumeric(text, order) ?? TryNamedMonth(text);
        if (result is null) return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} is not a date");
        if (result.Value.Error is not null) return result.Value;
        return result.Value.Value.Year is < 1850 or > 2200
            ? ParseResult<DateTime>.Fail($"{CellText.Quote(text)} is outside the years 1850 to 2200")
            : result.Value;
    }

    public static ParseResult<DateOnly> ParseDate(string? raw, DateOrder order)
    {
        var parsed = ParseDateTime(raw, order);
        return parsed.HasValue ? ParseResult<DateOnly>.Ok(DateOnly.FromDateTime(parsed.Value)) : new(false, default, parsed.Error);
    }

    /// <summary>
    /// yyyy-MM-dd, optionally followed by a space or T and HH:mm:ss, all ASCII digits: most date cells of most files, read
    /// digit by digit without the culture machinery of <see cref="DateTime.TryParseExact(string, string[], IFormatProvider, DateTimeStyles, out DateTime)"/>,
    /// which took a third of a customers import. Anything else (or an impossible date) is left to the general rules.
    /// </summary>
    private static bool TryPlainIso(string text, out DateTime value)
    {
        value = default;
        if (text.Length is not (10 or 19) || text[4] != '-' || text[7] != '-') return false;
        if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        int hour = 0, minute = 0, second = 0;
        if (text.Length == 19 && (text[10] is not (' ' or 'T') || text[13] != ':' || text[16] != ':'
                || !TryDigits(text, 11, 2, out hour) || !TryDigits(text, 14, 2, out minute) || !TryDigits(text, 17, 2, out second)
                || hour > 23 || minute > 59 || second > 59))
            return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return true;
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }

    /// <summary>The order a numeric date proves by itself (a part above 12), or null when it proves nothing.</summary>
    public static DateOrder? ProvenOrder(string? raw)
    {
        var text = CellText.Clean(raw);
        if (text is null) return null;
        var match = NumericDate().Match(text);
        if (!match.Success) return null;
        var (a, b) = (int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture));
        return a > 12 && b <= 12 ? DateOrder.DayFirst : b > 12 && a <= 12 ? DateOrder.MonthFirst : null;
    }

    /// <summary>Whether the value is a numeric date that only a known <see cref="DateOrder"/> can read (03/04/2024).</summary>
    public static bool IsAmbiguous(string? raw)
    {
        var text = CellText.Clean(raw);
        if (text is null) return false;
        var match = NumericDate().Match(text);
        return match.Success && int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12
            && int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12
            && match.Groups["a"].Value != match.Groups["b"].Value;
    }

    private static ParseResult<DateTime>? TryIso(string text)
    {
        var match = IsoDate().Match(text);
        if (!match.Success) return null;
        var offset = match.Groups["offset"].Value.ToUpperInvariant() switch
        {
            "" or "Z" or "UTC" => "Z",
            var o when o.Length == 3 => o + ":00",
            var o when o.Length == 5 => $"{o[..3]}:{o[3..]}",
            var o => o,
        };
        var normalized = match.Groups["local"].Value.Replace(' ', 'T') + offset;
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} is not a valid date");
        return ParseResult<DateTime>.Ok(DateTime.SpecifyKind(value.UtcDateTime, DateTimeKind.Utc));
    }

    /// <summary>2024/1/5 and 2024.01.05: year first is never ambiguous.</summary>
    private static ParseResult<DateTime>? TryYearFirst(string text)
    {
        var match = YearFirstDate().Match(text);
        if (!match.Success) return null;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} is not a valid date");
        var time = TimeSpan.Zero;
        if (match.Groups["time"].Success && !TimeSpan.TryParse(match.Groups["time"].Value, CultureInfo.InvariantCulture, out time))
            return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} has an invalid time");
        return ParseResult<DateTime>.Ok(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Add(time));
    }

    private static ParseResult<DateTime>? TryNumeric(string text, DateOrder order)
    {
        var match = NumericDate().Match(text);
        if (!match.Success) return null;
        var a = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
        var b = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
        var year = ExpandYear(match.Groups["y"].Value);

        // A chosen order is applied strictly; without one, only a part above 12 (or equal parts) decides.
        var (day, month) = order switch
        {
            DateOrder.DayFirst => (a, b),
            DateOrder.MonthFirst => (b, a),
            _ when a > 12 => (a, b),
            _ when b > 12 || a == b => (b, a),
            _ => (0, 0),
        };
        if (day == 0) return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} could be day-first or month-first: choose the date format");

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month))
            return ParseResult<DateTime>.Fail(order == DateOrder.Unknown
                ? $"{CellText.Quote(text)} is not a valid date"
                : $"{CellText.Quote(text)} is not a valid {(order == DateOrder.DayFirst ? "day-first" : "month-first")} date");

        var time = TimeSpan.Zero;
        if (match.Groups["time"].Success && !TimeSpan.TryParse(match.Groups["time"].Value, CultureInfo.InvariantCulture, out time))
            return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} has an invalid time");
        if (match.Groups["ampm"].Success)
        {
            var pm = match.Groups["ampm"].Value.StartsWith('p') || match.Groups["ampm"].Value.StartsWith('P');
            if (time.Hours is < 1 or > 12) return ParseResult<DateTime>.Fail($"{CellText.Quote(text)} has an invalid time");
            time = time.Add(TimeSpan.FromHours((pm ? 12 : 0) - (time.Hours == 12 ? 12 : 0)));
        }
        return ParseResult<DateTime>.Ok(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Add(time));
    }

    private static ParseResult<DateTime>? TryNamedMonth(string text)
    {
        if (!text.Any(char.IsLetter)) return null;
        foreach (var culture in NamedMonthCultures)
        {
            if (DateTime.TryParse(text, culture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
                return ParseResult<DateTime>.Ok(DateTime.SpecifyKind(value, DateTimeKind.Utc));
        }
        return null;
    }

    /// <summary>Two-digit years are this century up to the current year, the last century after it.</summary>
    private static int ExpandYear(string digits)
    {
        var year = int.Parse(digits, CultureInfo.InvariantCulture);
        if (digits.Length > 2) return year;
        var century = DateTime.UtcNow.Year / 100 * 100;
        return year <= DateTime.UtcNow.Year % 100 ? century + year : century - 100 + year;
    }

    // Shops write the offset after a space and without a colon (2024-01-05 10:00:00 +0100) as often as ISO does.
    [GeneratedRegex(@"^(?<local>\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?)\s?(?<offset>Z|UTC|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<y>\d{4})[/.](?<m>\d{1,2})[/.](?<d>\d{1,2})(?:[ T](?<time>\d{1,2}:\d{2}(?::\d{2})?))?$")]
    private static partial Regex YearFirstDate();

    [GeneratedRegex(@"^(?<a>\d{1,2})[/.\-](?<b>\d{1,2})[/.\-](?<y>\d{4}|\d{2})\.?(?:[ T](?<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?<ampm>[AaPp][Mm])?)?$")]
    private static partial Regex NumericDate();
}
