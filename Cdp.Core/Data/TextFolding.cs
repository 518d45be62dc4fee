using System.Globalization;
using System.Text;

namespace Cdp.Core.Data;

/// <summary>
/// Case- and accent-insensitive text matching. SQLite's NOCASE and lower() fold ASCII letters only, so "łukasz"
/// would never find "Łukasz"; folded copies of searchable columns, and the cdp_fold SQL function registered on
/// every connection, make matching work for every customer's name.
/// </summary>
public static class TextFolding
{
    /// <summary>Name of the SQL function registered by <see cref="SqlitePragmas"/> on each connection.</summary>
    public const string SqlFunctionName = "cdp_fold";

    /// <summary>Lower case, without accents: "Łukasz Żółć" becomes "lukasz zolc", "Straße" becomes "strasse".</summary>
    public static string? Fold(string? text)
    {
        if (text is null) return null;
        if (System.Text.Ascii.IsValid(text)) return text.ToLowerInvariant();   // most names: no accents to remove
        if (text.Length > RecentMaxLength) return FoldAccented(text);
        var recent = _recent ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (recent.TryGetValue(text, out var known)) return known;
        if (recent.Count >= RecentLimit) recent.Clear();
        return recent[text] = FoldAccented(text);
    }

    /// <summary>
    /// Folding accented text normalises it twice, which made it most of the cost of reading an import's names; the same
    /// names come back row after row, so each thread remembers the last few thousand short ones it folded.
    /// </summary>
    [ThreadStatic]
    private static Dictionary<string, string>? _recent;

    private const int RecentLimit = 4096;
    private const int RecentMaxLength = 64;

    private static string FoldAccented(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(ch);
            switch (lower)
            {
                case 'ł': builder.Append('l'); break;
                case 'ø': builder.Append('o'); break;
                case 'đ': builder.Append('d'); break;
                case 'æ': builder.Append("ae"); break;
                case 'œ': builder.Append("oe"); break;
                case 'ß': builder.Append("ss"); break;
                default: builder.Append(lower); break;
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>In LINQ queries, translated to the cdp_fold SQL function; in memory, the same folding.</summary>
    public static string? Sql(string? text) => Fold(text);
}
