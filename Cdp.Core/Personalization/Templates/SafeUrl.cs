namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// Keeps only links a page can safely point at: http(s), mailto and relative URLs. Escaping makes a value inert as
/// text, but a <c>javascript:</c> URL in an href stays a script, and product URLs come from imported files.
/// </summary>
public static class SafeUrl
{
    /// <summary>The URL trimmed when it is safe, else null.</summary>
    public static string? OrNull(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var trimmed = url.Trim();
        // Browsers ignore tabs and newlines inside a scheme ("java\tscript:"), so none are allowed anywhere.
        if (trimmed.Any(char.IsControl)) return null;
        var colon = trimmed.IndexOf(':');
        var boundary = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (boundary >= 0 && boundary < colon)) return trimmed; // relative: no scheme
        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" ? trimmed : null;
    }
}
