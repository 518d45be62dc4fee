namespace Cdp.Core.Import.Parsing;

/// <summary>The first step for every cell: whitespace trimmed, empty cells null.</summary>
public static class CellText
{
    /// <summary>Characters after which our own exports put an apostrophe so that spreadsheets show text, not a formula.</summary>
    public const string FormulaCharacters = "=+-@\t\r";

    /// <summary>
    /// Trims the cell and returns null when nothing is left. An apostrophe that neutralises a formula
    /// (<c>'=SUM(A1)</c>, as our CSV exports write it) is removed, so an export imports back unchanged. Values that
    /// themselves start with apostrophes before a formula character get one more in our exports (<c>''=x</c> for
    /// <c>'=x</c>), so exactly one is removed from any run of them.
    /// </summary>
    public static string? Clean(string? raw)
    {
        if (raw is null) return null;
        var text = raw.Trim();
        if (text.Length == 0) return null;
        if (text[0] == '\'' && IsNeutralisedFormula(text)) text = text[1..];
        return text;
    }

    /// <summary>Whether the text is one or more apostrophes followed by a formula character.</summary>
    public static bool IsNeutralisedFormula(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] == '\'') i++;
        return i > 0 && i < text.Length && FormulaCharacters.Contains(text[i]);
    }

    /// <summary>A value as quoted in messages: shortened when long, so that a 100,000-character cell stays readable.</summary>
    public static string Quote(string value) => value.Length <= 60 ? $"'{value}'" : $"'{value[..57]}…' ({value.Length:N0} characters)";
}
