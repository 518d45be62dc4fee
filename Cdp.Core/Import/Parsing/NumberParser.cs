using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cdp.Core.Import.Parsing;

/// <summary>
/// Reads amounts as exports write them: either decimal separator, thousands separators (comma, point, space,
/// apostrophe), currency symbols or codes before or after, a sign in front or behind, and accounting
/// parentheses for negatives. A lone separator followed by exactly three digits (1,234 or 1.234) is read as
/// <see cref="DecimalSeparator"/> says; without it, it is reported as ambiguous rather than guessed.
/// </summary>
public static partial class NumberParser
{
    public static ParseResult<decimal> Parse(string? raw, DecimalSeparator separator)
    {
        var text = CellText.Clean(raw);
        if (text is null) return ParseResult<decimal>.Empty;
        if (IsPlain(text) && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
            return ParseResult<decimal>.Ok(plain);
        if (!TryNormalize(text, separator, out var normalized, out var ambiguous))
            return ParseResult<decimal>.Fail(ambiguous
                ? $"{CellText.Quote(text)} could be a thousand or a decimal: choose the number format"
                : $"{CellText.Quote(text)} is not a number");
        return decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? ParseResult<decimal>.Ok(value)
            : ParseResult<decimal>.Fail($"{CellText.Quote(text)} is not a number");
    }

    public static ParseResult<int> ParseInteger(string? raw, DecimalSeparator separator)
    {
        var parsed = Parse(raw, separator);
        if (!parsed.HasValue) return new(false, 0, parsed.Error);
        return parsed.Value == Math.Truncate(parsed.Value) && parsed.Value is >= int.MinValue and <= int.MaxValue
            ? ParseResult<int>.Ok((int)parsed.Value)
            : ParseResult<int>.Fail($"{CellText.Quote(raw!.Trim())} is not a whole number");
    }

    /// <summary>
    /// Digits with an optional leading minus and a point that is clearly decimal (not 1.234): most cells of
    /// most files, read without the general rules' cost.
    /// </summary>
    private static bool IsPlain(string text)
    {
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c) || (c == '-' && i == 0)) continue;
            if (c != '.' || point >= 0) return false;
            point = i;
        }
        var digitsBefore = point - (text[0] == '-' ? 1 : 0);
        return point < 0 || !IsLoneSeparatorAmbiguous(text.TrimStart('-'), digitsBefore) && digitsBefore > 0;
    }

    /// <summary>The separator a value proves by itself, or null when it proves nothing (12, 1,234, 1.234).</summary>
    public static DecimalSeparator? ProvenSeparator(string? raw)
    {
        var text = CellText.Clean(raw);
        if (text is null) return null;
        var digits = KeepNumberCharacters(text);
        var lastPoint = digits.LastIndexOf('.');
        var lastComma = digits.LastIndexOf(',');
        if (lastPoint >= 0 && lastComma >= 0) return lastPoint > lastComma ? DecimalSeparator.Point : DecimalSeparator.Comma;
        var (mark, at) = lastPoint >= 0 ? ('.', lastPoint) : lastComma >= 0 ? (',', lastComma) : ('\0', -1);
        if (at < 0 || digits.Count(c => c == mark) > 1) return null;
        return IsLoneSeparatorAmbiguous(digits, at) ? null : mark == '.' ? DecimalSeparator.Point : DecimalSeparator.Comma;
    }

    private static bool TryNormalize(string text, DecimalSeparator separator, out string normalized, out bool ambiguous)
    {
        normalized = "";
        ambiguous = false;
        var negative = false;
        var body = text;
        if (body.StartsWith('(') && body.EndsWith(')')) (negative, body) = (true, body[1..^1]);
        body = StripCurrency(body.Trim());
        if (body.StartsWith('-') || body.StartsWith('−')) (negative, body) = (!negative, body[1..]);
        else if (body.StartsWith('+')) body = body[1..];
        if (body.EndsWith('-')) (negative, body) = (!negative, body[..^1]);
        body = StripCurrency(body.Trim());
        if (body.Length == 0 || !char.IsAsciiDigit(body[0]) && body[0] is not ('.' or ',')) return false;

        // Spaces (also no-break spaces) and apostrophes only ever group thousands.
        var digits = new StringBuilder(body.Length);
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c) || c is '.' or ',') digits.Append(c);
            else if (c is ' ' or '\u00A0' or '\u202F' or '\'' or '’') continue;
            else return false;
        }
        var s = digits.ToString();
        var points = s.Count(c => c == '.');
        var commas = s.Count(c => c == ',');
        char? decimalMark;
        if (points > 0 && commas > 0)
        {
            decimalMark = s.LastIndexOf('.') > s.LastIndexOf(',') ? '.' : ',';
            if (s.Count(c => c == decimalMark) > 1) return false;
        }
        else if (points + commas == 0) decimalMark = null;
        else
        {
            var mark = points > 0 ? '.' : ',';
            if (points + commas > 1) decimalMark = null;   // 1.234.567 or 1,234,567: grouping only
            else if (!IsLoneSeparatorAmbiguous(s, s.IndexOf(mark))) decimalMark = mark;
            else if (separator == DecimalSeparator.Unknown) { ambiguous = true; return false; }
            else decimalMark = separator == DecimalSeparator.Point ? '.' : ',';
            if (decimalMark != mark) decimalMark = null;
        }

        var groupMark = decimalMark switch { '.' => ',', ',' => '.', _ => points > 0 ? '.' : ',' };
        var integerPart = decimalMark is { } d ? s[..s.LastIndexOf(d)] : s;
        if (integerPart.Contains(groupMark) && !ValidGrouping(integerPart, groupMark)) return false;
        normalized = (negative ? "-" : "") + s.Replace(groupMark.ToString(), "").Replace(',', '.');
        return true;
    }

    /// <summary>1,234 or 1.234: one separator, at most three digits before it and exactly three after.</summary>
    private static bool IsLoneSeparatorAmbiguous(string digits, int at) =>
        digits.Length - at - 1 == 3 && at is >= 1 and <= 3 && digits[..at] != "0";

    private static bool ValidGrouping(string integerPart, char groupMark)
    {
        var groups = integerPart.Split(groupMark);
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
    }

    /// <summary>Removes currency symbols and codes (€, $, USD, kr, zł, Fr.) before and after the amount.</summary>
    private static string StripCurrency(string text)
    {
        string previous;
        do
        {
            previous = text;
            text = CurrencyPrefix().Replace(text, "");
            text = CurrencySuffix().Replace(text, "");
        }
        while (text != previous);
        return text.Trim();
    }

    [GeneratedRegex(@"^(?:\p{Sc}|[A-Z]{3}\b|(?:kr|zł|Fr|Rs|R)\.?(?=[\s\d]))\s*")]
    private static partial Regex CurrencyPrefix();

    [GeneratedRegex(@"\s*(?:\p{Sc}|(?<=[\d\s])[A-Z]{3}|(?<=\s)(?:kr|zł|Fr|Rs)\.?|(?<=\d)(?:kr|zł))$")]
    private static partial Regex CurrencySuffix();

    private static string KeepNumberCharacters(string text) => new(text.Where(c => char.IsAsciiDigit(c) || c is '.' or ',').ToArray());
}
