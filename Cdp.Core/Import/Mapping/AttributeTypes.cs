using Cdp.Core.Import.Parsing;

namespace Cdp.Core.Import.Mapping;

/// <summary>Guesses the type of a custom attribute column from its sample values.</summary>
public static class AttributeTypes
{
    private static readonly HashSet<string> BooleanWords = new(StringComparer.OrdinalIgnoreCase)
        { "true", "false", "yes", "no", "y", "n" };

    /// <summary>
    /// Boolean when every value is a yes/no word (0 and 1 alone stay numbers), Number when every value is a
    /// number that does not look like an identifier, Date when every value is a date, otherwise Text.
    /// </summary>
    public static FieldType Infer(IEnumerable<string?> values, DateOrder dateOrder, DecimalSeparator separator)
    {
        var cells = values.Select(CellText.Clean).OfType<string>().ToList();
        if (cells.Count == 0) return FieldType.Text;
        if (cells.All(BooleanWords.Contains)) return FieldType.Boolean;
        // An ambiguous number (1,234) is still a number; the column's separator decides how to read it.
        if (!cells.Any(LooksLikeIdentifier) &&
            cells.All(c => NumberParser.Parse(c, separator) is { HasValue: true } || NumberParser.Parse(c, DecimalSeparator.Point).HasValue))
            return FieldType.Number;
        if (cells.All(c => DateParser.ParseDateTime(c, dateOrder) is { HasValue: true } || DateParser.IsAmbiguous(c)))
            return FieldType.Date;
        return FieldType.Text;
    }

    /// <summary>
    /// Phone numbers (+49…), codes with leading zeros (0176…, 007) and long digit strings (card or account
    /// numbers) would lose their plus, zeros or digits as numbers: they stay text.
    /// </summary>
    private static bool LooksLikeIdentifier(string value) =>
        value.StartsWith('+') || (value.Length > 1 && value[0] == '0' && char.IsAsciiDigit(value[1]))
        || value.Count(char.IsAsciiDigit) > 15;
}
