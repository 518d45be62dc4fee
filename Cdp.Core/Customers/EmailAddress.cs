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
        if (IsPlain(email)) return true;
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email) return false;
        var domain = parsed.Host;
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>
    /// Letters, digits and . _ - + in the local part, letters, digits and - in two or more domain labels, dots never
    /// first, last or doubled: almost every real address, and a subset of what <see cref="MailAddress"/> accepts
    /// unchanged. Checked by hand because MailAddress's parser was a noticeable part of importing a million customers.
    /// </summary>
    private static bool IsPlain(string email)
    {
        var at = email.IndexOf('@');
        if (at <= 0 || at == email.Length - 1) return false;
        var domainDots = 0;
        for (var i = 0; i < email.Length; i++)
        {
            var c = email[i];
            if (i == at || char.IsAsciiLetterOrDigit(c) || c == '-' || (i < at && c is '_' or '+')) continue;
            if (c != '.' || i == 0 || i == email.Length - 1 || email[i - 1] == '.' || email[i - 1] == '@' || email[i + 1] == '@') return false;
            if (i > at) domainDots++;
        }
        return domainDots > 0;
    }
}
