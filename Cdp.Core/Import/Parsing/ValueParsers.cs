using System.Buffers;
using Cdp.Core.Customers;
using GenderValue = Cdp.Core.Customers.Gender;

namespace Cdp.Core.Import.Parsing;

/// <summary>The small vocabularies of import cells: yes/no, gender, e-mail and interest tags.</summary>
public static class ValueParsers
{
    private static readonly HashSet<string> TrueWords = new(StringComparer.OrdinalIgnoreCase)
        { "true", "yes", "y", "1", "t", "on", "x", "ja", "oui", "si", "sí" };
    private static readonly HashSet<string> FalseWords = new(StringComparer.OrdinalIgnoreCase)
        { "false", "no", "n", "0", "f", "off", "nein", "non" };

    public static ParseResult<bool> Boolean(string? raw)
    {
        var text = CellText.Clean(raw);
        if (text is null) return ParseResult<bool>.Empty;
        if (TrueWords.Contains(text)) return ParseResult<bool>.Ok(true);
        if (FalseWords.Contains(text)) return ParseResult<bool>.Ok(false);
        return ParseResult<bool>.Fail($"{CellText.Quote(text)} is not yes or no (true/false, yes/no, y/n, 1/0)");
    }

    private static readonly Dictionary<string, GenderValue> GenderWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["m"] = GenderValue.Male, ["male"] = GenderValue.Male, ["man"] = GenderValue.Male, ["mr"] = GenderValue.Male, ["mr."] = GenderValue.Male,
        ["männlich"] = GenderValue.Male, ["herr"] = GenderValue.Male, ["homme"] = GenderValue.Male, ["h"] = GenderValue.Male, ["hombre"] = GenderValue.Male,
        ["f"] = GenderValue.Female, ["female"] = GenderValue.Female, ["woman"] = GenderValue.Female, ["w"] = GenderValue.Female,
        ["mrs"] = GenderValue.Female, ["mrs."] = GenderValue.Female, ["ms"] = GenderValue.Female, ["ms."] = GenderValue.Female, ["miss"] = GenderValue.Female,
        ["weiblich"] = GenderValue.Female, ["frau"] = GenderValue.Female, ["femme"] = GenderValue.Female, ["mujer"] = GenderValue.Female,
        ["o"] = GenderValue.Other, ["other"] = GenderValue.Other, ["x"] = GenderValue.Other, ["d"] = GenderValue.Other, ["diverse"] = GenderValue.Other,
        ["divers"] = GenderValue.Other, ["non-binary"] = GenderValue.Other, ["nonbinary"] = GenderValue.Other, ["non binary"] = GenderValue.Other, ["nb"] = GenderValue.Other,
        ["u"] = GenderValue.Unknown, ["unknown"] = GenderValue.Unknown, ["n/a"] = GenderValue.Unknown, ["na"] = GenderValue.Unknown,
        ["prefer not to say"] = GenderValue.Unknown, ["not specified"] = GenderValue.Unknown, ["unspecified"] = GenderValue.Unknown,
    };

    /// <summary>
    /// Male, female or other from the usual spellings (M/F, male/female, Mr/Mrs, German, French, Spanish);
    /// anything else, and "unknown" itself, is kept as <see cref="GenderValue.Unknown"/> rather than rejected, because
    /// one unreadable gender should not keep a customer out.
    /// </summary>
    public static GenderValue Gender(string? raw)
    {
        var text = CellText.Clean(raw);
        return text is not null && GenderWords.TryGetValue(text, out var gender) ? gender : GenderValue.Unknown;
    }

    public static ParseResult<string> Email(string? raw)
    {
        var email = EmailAddress.Normalize(CellText.Clean(raw));
        if (email is null) return ParseResult<string>.Empty;
        return EmailAddress.IsValid(email)
            ? ParseResult<string>.Ok(email)
            : ParseResult<string>.Fail($"{CellText.Quote(email)} is not a valid e-mail address");
    }

    private static readonly SearchValues<char> TagSeparators = SearchValues.Create(";,|/");

    /// <summary>"Golf; Hiking" becomes golf and hiking: trimmed, lower case, each once, in the order given.</summary>
    /// <remarks>Split by hand: splitting and LINQ's Distinct were a tenth of the time of reading a customers file.</remarks>
    public static List<string> Tags(string? raw)
    {
        var text = CellText.Clean(raw);
        if (text is null) return [];
        var tags = new List<string>();
        var rest = text.AsSpan();
        while (true)
        {
            var at = rest.IndexOfAny(TagSeparators);
            var part = (at < 0 ? rest : rest[..at]).Trim();
            if (part.Length > 0 && part.ToString().ToLowerInvariant() is var tag && !tags.Contains(tag)) tags.Add(tag);
            if (at < 0) return tags;
            rest = rest[(at + 1)..];
        }
    }

    public static ParseResult<string> Text(string? raw, int maxLength)
    {
        var text = CellText.Clean(raw);
        if (text is null) return ParseResult<string>.Empty;
        return text.Length <= maxLength
            ? ParseResult<string>.Ok(text)
            : ParseResult<string>.Fail($"{CellText.Quote(text)} is too long: at most {maxLength:N0} characters");
    }
}
