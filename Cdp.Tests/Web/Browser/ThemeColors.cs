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

    /// <summary>Switches the page to the dark theme, as the header's moon button does, and reloads it.</summary>
    public static async Task UseDarkThemeAsync(IPage page, string path)
    {
        await page.Context.AddCookiesAsync([new Cookie { Name = Cdp.Web.WebServiceCollectionExtensions.ThemeCookie, Value = "material-dark", Url = page.Url }]);
        await BrowserFixture.GoToAsync(page, path);
    }

    /// <summary>
    /// The WCAG contrast ratio (1 to 21) of an element's text over the first background behind it that is not
    /// transparent.
    /// </summary>
    public static Task<double> ContrastAsync(ILocator element) =>
        element.EvaluateAsync<double>("""
            el => {
                // Computed colours come as rgb(0-255 …) or, from color-mix(), as color(srgb 0-1 …).
                const parse = css => {
                    const n = css.match(/[\d.]+/g).map(Number);
                    const rgb = css.startsWith('color(') ? n.slice(0, 3).map(v => v * 255) : n.slice(0, 3);
                    return { rgb, alpha: n.length > 3 ? n[3] : 1 };
                };
                let bg = el;
                while (bg && parse(getComputedStyle(bg).backgroundColor).alpha === 0) bg = bg.parentElement;
                const luminance = ({ rgb }) => {
                    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                };
                const text = luminance(parse(getComputedStyle(el).color));
                const back = luminance(parse(getComputedStyle(bg ?? document.body).backgroundColor));
                return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
            }
            """);
}
