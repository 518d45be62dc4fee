using System.Globalization;
using Cdp.Core.Data;

namespace Cdp.Core.Import.Parsing;

/// <summary>
/// Country names and codes to ISO 3166-1 alpha-2: the two- and three-letter codes, and the English and native
/// names the platform's ICU data knows (Germany, Deutschland, Allemagne…), plus common short forms (USA, UK).
/// Matching ignores case and accents.
/// </summary>
public static class Countries
{
    private static readonly Lazy<Dictionary<string, string>> ByName = new(Build);

    public static ParseResult<string> Parse(string? raw)
    {
        var text = CellText.Clean(raw);
        if (text is null) return ParseResult<string>.Empty;
        return ByName.Value.TryGetValue(Key(text), out var code)
            ? ParseResult<string>.Ok(code)
            : ParseResult<string>.Fail($"{CellText.Quote(text)} is not a country name or ISO code");
    }

    /// <summary>The English name of an ISO alpha-2 code, or the code itself when unknown.</summary>
    public static string EnglishName(string code)
    {
        try { return new RegionInfo(code).EnglishName; }
        catch (ArgumentException) { return code; }
    }

    private static Dictionary<string, string> Build()
    {
        var names = new Dictionary<string, string>();
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try { region = new RegionInfo(culture.Name); }
            catch (ArgumentException) { continue; }
            var code = region.TwoLetterISORegionName;
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper)) continue;
            foreach (var name in new[] { code, region.ThreeLetterISORegionName, region.EnglishName, region.NativeName, region.DisplayName })
                names.TryAdd(Key(name), code);
        }
        foreach (var (alias, code) in Aliases) names[Key(alias)] = code;
        return names;
    }

    private static readonly (string Alias, string Code)[] Aliases =
    [
        ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("United States of America", "US"), ("America", "US"),
        ("UK", "GB"), ("U.K.", "GB"), ("Great Britain", "GB"), ("Britain", "GB"), ("England", "GB"), ("Scotland", "GB"),
        ("Wales", "GB"), ("Northern Ireland", "GB"), ("Holland", "NL"), ("The Netherlands", "NL"), ("Czech Republic", "CZ"),
        ("Russia", "RU"), ("South Korea", "KR"), ("Korea", "KR"), ("Vietnam", "VN"), ("Ivory Coast", "CI"), ("Türkiye", "TR"),
        ("UAE", "AE"), ("Schweiz", "CH"), ("Suisse", "CH"), ("Svizzera", "CH"), ("Deutschland", "DE"), ("Österreich", "AT"),
    ];

    private static string Key(string name) => TextFolding.Fold(name.Trim().Trim('.'))!;
}
