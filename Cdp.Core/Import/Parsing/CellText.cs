namespace Cdp.Core.Import.Parsing;

/// <summary>The first step for every cell: whitespace trimmed, empty cells null.</summary>
public static class CellText
{
    /// <summary>Characters after which our own exports put an apostrophe so that spreadsheets show text, not a formula.</summary>
    public const string FormulaCharacters = "=+-@\t\r";

    /// <summary>
    /// Trims the cell and returns null when nothing is left. An apostrophe that neutralises a formula
    /// (<c>'=SUM(A1)</c>, as our CSV exports write it) is removed, so an export imports back unchanged.
    /// </summary>
    public static string? Clean(string? raw)
    {
        if (raw is null) return null;
        var text = raw.Trim();
        if (text.Length == 0) return null;
        if (text.Length > 1 && text[0] == '\'' && FormulaCharacters.Contains(text[1])) text = text[1..];
        return text;
    }

    /// <summary>A value as quoted in messages: shortened when long, so that a 100,000-character cell stays readable.</summary>
    public static string Quote(string value) => value.Length <= 60 ? $"'{value}'" : $"'{value[..57]}…' ({value.Length:N0} characters)";
}
