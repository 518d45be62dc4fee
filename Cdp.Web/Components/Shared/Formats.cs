using System.Globalization;
using Cdp.Core;
using Microsoft.Extensions.Options;

namespace Cdp.Web.Components.Shared;

/// <summary>How figures read on screen: in the configured culture and store currency.</summary>
public sealed class Formats(IOptions<CdpOptions> options, TimeProvider clock)
{
    public string Currency { get; } = options.Value.Currency;

    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A count with its noun, singular for one: "1 customer", "0 customers", "1,234 customers".</summary>
    /// <param name="plural">The plural when it is not <paramref name="singular"/> + "s".</param>
    public static string Count(long value, string singular, string? plural = null) =>
        $"{Count(value)} {(value == 1 ? singular : plural ?? singular + "s")}";

    /// <summary>A saved segment's size for a message: "1,234 customers.", or why there is none.</summary>
    public static string SegmentSize(int? count) => count is { } n
        ? $"{Count(n, "customer")}."
        : "not counted: counting took longer than the time limit. Recount it on the Segments list, or narrow it.";

    /// <summary>
    /// A file size: "0 bytes", "1 byte", "512 bytes", "1.5 KB", "12 KB", "3.2 MB". Rounded down, so a size never reads
    /// larger than it is (nor as 1,024 KB); one decimal below ten units.
    /// </summary>
    public static string Size(long bytes)
    {
        if (bytes < 1024) return bytes == 1 ? "1 byte" : $"{Count(bytes)} bytes";
        string[] units = ["KB", "MB", "GB", "TB"];
        var value = bytes / 1024.0;
        var unit = 0;
        for (; value >= 1024 && unit < units.Length - 1; unit++) value /= 1024;
        var shown = value < 10 ? Math.Floor(value * 10) / 10 : Math.Floor(value);
        return $"{shown.ToString(value < 10 ? "0.#" : "N0", CultureInfo.CurrentCulture)} {units[unit]}";
    }

    public static string Number(decimal value) => value.ToString("N2", CultureInfo.CurrentCulture);

    /// <summary>A share from 0 to 1 as a percentage: "12.3%".</summary>
    public static string Percent(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>A change in a count with its sign: "+1,234", "−56" (a true minus sign), "no change".</summary>
    public static string Change(long delta) => delta switch
    {
        > 0 => "+" + Count(delta),
        < 0 => "\u2212" + Count(-delta),
        _ => "no change",
    };

    /// <summary>An amount with the store currency's symbol when the culture knows it, else its ISO code.</summary>
    public string Money(decimal value)
    {
        var symbol = CurrencySymbol(Currency);
        return symbol is null ? $"{Number(value)} {Currency}" : $"{symbol}{Number(value)}";
    }

    public static string Date(DateTime? value) =>
        value is null ? "—" : value.Value.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Date(DateOnly? value) =>
        value is null ? "—" : value.Value.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string DateTimeUtc(DateTime? value) =>
        value is null ? "—" : value.Value.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.CurrentCulture);

    /// <summary>"today", "3 days ago", "5 months ago".</summary>
    public string Ago(DateTime? value)
    {
        if (value is null) return "never";
        var days = (int)(clock.GetUtcNow().UtcDateTime.Date - value.Value.Date).TotalDays;
        return days switch
        {
            < 0 => "in the future",
            0 => "today",
            1 => "yesterday",
            < 60 => $"{days} days ago",
            < 730 => $"{days / 30} months ago",
            _ => $"{days / 365} years ago",
        };
    }

    /// <summary>Finer than <see cref="Ago"/> within a day: "just now", "5 minutes ago", "3 hours ago".</summary>
    public string Since(DateTime? value)
    {
        if (value is null) return "never";
        var elapsed = clock.GetUtcNow().UtcDateTime - value.Value;
        return elapsed.TotalMinutes switch
        {
            < 1 => "just now",
            < 2 => "a minute ago",
            < 60 => $"{(int)elapsed.TotalMinutes} minutes ago",
            < 120 => "an hour ago",
            < 24 * 60 => $"{(int)elapsed.TotalHours} hours ago",
            _ => Ago(value),
        };
    }

    public static string Country(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "—";
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    private static string? CurrencySymbol(string isoCode) => isoCode.ToUpperInvariant() switch
    {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => null,
    };
}
