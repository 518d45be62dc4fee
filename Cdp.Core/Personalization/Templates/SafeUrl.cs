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
        foreach (var c in trimmed)
            if (char.IsControl(c)) return null;
        var colon = trimmed.IndexOf(':');
        var boundary = trimmed.AsSpan().IndexOfAny('/', '?', '#');
        if (colon < 0 || (boundary >= 0 && boundary < colon)) return trimmed; // relative: no scheme
        // Lower-cased as string.ToLowerInvariant does (one char for one), without a string per URL: bulk renders check thousands.
        if (colon > 6) return null;
        Span<char> scheme = stackalloc char[colon];
        trimmed.AsSpan(0, colon).ToLowerInvariant(scheme);
        return scheme is "http" or "https" or "mailto" ? trimmed : null;
    }
}
