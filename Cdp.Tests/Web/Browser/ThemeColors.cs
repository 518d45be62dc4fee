using Microsoft.Playwright;

namespace Cdp.Tests.Web.Browser;

/// <summary>The theme's colours as the browser computes them, so a test can compare what it sees without copying the palette.</summary>
public static class ThemeColors
{
    /// <summary>The colour a CSS value (such as <c>var(--rz-primary)</c>) resolves to on the page, as <c>rgb(…)</c>.</summary>
    public static Task<string> ResolveAsync(IPage page, string cssColor) =>
        page.EvaluateAsync<string>("""
            value => {
                const probe = document.createElement('span');
                probe.style.color = value;
                document.body.append(probe);
                const color = getComputedStyle(probe).color;
                probe.remove();
                return color;
            }
            """, cssColor);
}
