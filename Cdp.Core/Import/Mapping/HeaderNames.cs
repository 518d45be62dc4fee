using System.Text;
using Cdp.Core.Data;

namespace Cdp.Core.Import.Mapping;

/// <summary>How column headers are compared and turned into custom attribute names.</summary>
public static class HeaderNames
{
    /// <summary>"First Name", "first_name", "FirstName" and "first-name" all become "firstname".</summary>
    public static string Normalize(string header)
    {
        var folded = TextFolding.Fold(header) ?? "";
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (char.IsLetterOrDigit(c)) builder.Append(c);
        return builder.ToString();
    }

    /// <summary>Blank headers become "Column 3"; repeated ones get "(2)", "(3)" so that every column has its own name.</summary>
    public static IReadOnlyList<string> MakeUnique(IReadOnlyList<string> headers)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = string.IsNullOrWhiteSpace(headers[i]) ? $"Column {i + 1}" : headers[i].Trim();
            var count = seen[name] = seen.GetValueOrDefault(name) + 1;
            result.Add(count == 1 ? name : $"{name} ({count})");
        }
        return result;
    }

    /// <summary>Whether <paramref name="name"/> can be a custom attribute's key as it is: up to 64 ASCII letters and digits, starting with a letter.</summary>
    public static bool IsAttributeName(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    /// <summary>A custom attribute name from a header: "Loyalty Tier" becomes "loyaltyTier".</summary>
    public static string AttributeName(string header)
    {
        var words = (TextFolding.Fold(header) ?? "").Split(c => !char.IsAsciiLetterOrDigit(c));
        var builder = new StringBuilder();
        foreach (var word in words.Where(w => w.Length > 0))
            builder.Append(builder.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]);
        var name = builder.ToString();
        if (name.Length == 0) return "column";
        return char.IsAsciiDigit(name[0]) ? "c" + name : name[..Math.Min(name.Length, 64)];
    }

    private static string[] Split(this string text, Func<char, bool> isSeparator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !isSeparator(text[i])) continue;
            parts.Add(text[start..i]);
            start = i + 1;
        }
        return [.. parts];
    }
}
