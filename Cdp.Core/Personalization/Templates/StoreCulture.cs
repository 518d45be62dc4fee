using System.Collections.Concurrent;
using System.Globalization;

namespace Cdp.Core.Personalization.Templates;

/// <summary>The culture and currency format of a store, resolved once per culture and currency code.</summary>
internal static class StoreCulture
{
    private static readonly ConcurrentDictionary<string, CultureInfo> Cultures = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<(string, string), NumberFormatInfo> CurrencyFormats = new();

    // The ISO code's usual symbol where the store's culture has another currency (USD amounts in a de-DE store: "12,00 $").
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥", ["CNY"] = "CN¥", ["INR"] = "₹", ["CAD"] = "CA$", ["AUD"] = "A$",
        ["NZD"] = "NZ$", ["BRL"] = "R$", ["MXN"] = "MX$", ["CHF"] = "CHF", ["SEK"] = "kr", ["NOK"] = "kr", ["DKK"] = "kr.",
        ["PLN"] = "zł", ["CZK"] = "Kč", ["KRW"] = "₩", ["ZAR"] = "R",
    };

    /// <summary>The named culture; en-US when the name is not a culture.</summary>
    public static CultureInfo Culture(string? name) => Cultures.GetOrAdd(name ?? "", static n =>
    {
        try { return CultureInfo.GetCultureInfo(n.Length == 0 ? "en-US" : n); }
        catch (CultureNotFoundException) { return CultureInfo.GetCultureInfo("en-US"); }
    });

    /// <summary>The culture's number format with the currency's symbol in place of the culture's own.</summary>
    public static NumberFormatInfo CurrencyFormat(CultureInfo culture, string? currency)
    {
        var code = string.IsNullOrWhiteSpace(currency) ? "" : currency.Trim().ToUpperInvariant();
        return CurrencyFormats.GetOrAdd((culture.Name, code), static key =>
        {
            var (cultureName, code) = key;
            var culture = Culture(cultureName);
            var format = (NumberFormatInfo)culture.NumberFormat.Clone();
            if (code.Length > 0 && !IsCultureCurrency(culture, code))
                format.CurrencySymbol = Symbols.TryGetValue(code, out var symbol) ? symbol : code;
            return NumberFormatInfo.ReadOnly(format);
        });
    }

    private static bool IsCultureCurrency(CultureInfo culture, string code)
    {
        try { return !culture.IsNeutralCulture && culture.Name.Length > 0 && new RegionInfo(culture.Name).ISOCurrencySymbol == code; }
        catch (ArgumentException) { return false; }
    }
}
