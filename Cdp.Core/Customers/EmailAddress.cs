using System.Net.Mail;

namespace Cdp.Core.Customers;

/// <summary>Normalisation and validation of e-mail addresses.</summary>
public static class EmailAddress
{
    /// <summary>
    /// Trims the address and lower-cases its domain. The local part keeps its case (it is the mailbox
    /// owner's), while uniqueness is case-insensitive through the column's NOCASE collation.
    /// Returns null for blank input.
    /// </summary>
    public static string? Normalize(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        return at < 0 ? trimmed : trimmed[..at] + trimmed[at..].ToLowerInvariant();
    }

    /// <summary>True for a syntactically valid single address (local@domain.tld), no display name.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254) return false;
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email) return false;
        var domain = parsed.Host;
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }
}
