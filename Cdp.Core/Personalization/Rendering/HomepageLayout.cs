using System.Net;
using System.Text;
using Cdp.Core.Personalization.Templates;

namespace Cdp.Core.Personalization.Rendering;

/// <summary>
/// Our store's homepage around the rendered blocks: header, then each block in order, then a footer. A complete HTML
/// document with its CSS inline and no scripts at all (a Content-Security-Policy forbids them too), laid out for
/// desktop and, below 640 px, for phones; ready for a sandboxed preview or to embed in a real site.
/// </summary>
public static class HomepageLayout
{
    public static string Render(IReadOnlyList<RenderedBlock> blocks, StoreInfo store)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(store);
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(Language(store.Culture))).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'\">\n")
            .Append("<title>").Append(E(store.Name)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<header class=\"site\"><a class=\"logo\" href=\"/\">").Append(E(store.Name)).Append("</a>")
            .Append("<nav><a href=\"/c/golf\">Golf</a><a href=\"/c/outdoor\">Outdoor</a><a href=\"/sale\">Sale</a></nav></header>\n<main>\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeroBlock hero: Hero(html, hero); break;
                case ProductRowBlock row: Products(html, row, store); break;
                case BannerBlock banner: Banner(html, banner); break;
            }
        }
        html.Append("</main>\n<footer class=\"site\">").Append(E(store.Name)).Append(" · Free returns within 30 days</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Hero(StringBuilder html, HeroBlock hero)
    {
        var image = SafeUrl.OrNull(hero.ImageUrl);
        html.Append("<section class=\"hero").Append(image is null ? " plain" : "").Append("\">");
        if (image is not null) html.Append("<img src=\"").Append(E(image)).Append("\" alt=\"\">");
        html.Append("<div class=\"hero-text\">");
        if (!string.IsNullOrWhiteSpace(hero.Headline)) html.Append("<h1>").Append(E(hero.Headline)).Append("</h1>");
        if (!string.IsNullOrWhiteSpace(hero.SubHeadline)) html.Append("<p>").Append(E(hero.SubHeadline)).Append("</p>");
        if (!string.IsNullOrWhiteSpace(hero.CtaText))
            html.Append("<a class=\"cta\" href=\"").Append(E(SafeUrl.OrNull(hero.CtaUrl) ?? "#")).Append("\">").Append(E(hero.CtaText)).Append("</a>");
        html.Append("</div></section>\n");
    }

    private static void Products(StringBuilder html, ProductRowBlock row, StoreInfo store)
    {
        if (row.Products.Count == 0 && string.IsNullOrWhiteSpace(row.Title)) return;
        html.Append("<section class=\"products\">");
        if (!string.IsNullOrWhiteSpace(row.Title)) html.Append("<h2>").Append(E(row.Title)).Append("</h2>");
        html.Append("<div class=\"grid\">");
        var format = StoreCulture.CurrencyFormat(StoreCulture.Culture(store.Culture), store.Currency);
        foreach (var product in row.Products)
        {
            html.Append("<a class=\"card\" href=\"").Append(E(SafeUrl.OrNull(product.Url) ?? "#")).Append("\">");
            if (SafeUrl.OrNull(product.ImageUrl) is { } image) html.Append("<img src=\"").Append(E(image)).Append("\" alt=\"\">");
            else html.Append("<span class=\"no-image\" aria-hidden=\"true\">").Append(E(Initials(product.Name))).Append("</span>");
            html.Append("<span class=\"name\">").Append(E(product.Name)).Append("</span>")
                .Append("<span class=\"price\">").Append(E(product.Price.ToString("C", format))).Append("</span>");
            if (!string.IsNullOrWhiteSpace(product.Note)) html.Append("<span class=\"note\">").Append(E(product.Note)).Append("</span>");
            html.Append("</a>");
        }
        html.Append("</div></section>\n");
    }

    private static void Banner(StringBuilder html, BannerBlock banner)
    {
        if (string.IsNullOrWhiteSpace(banner.Text) && string.IsNullOrWhiteSpace(banner.CouponCode)) return;
        html.Append("<section class=\"banner\">");
        if (!string.IsNullOrWhiteSpace(banner.Text)) html.Append("<p>").Append(E(banner.Text)).Append("</p>");
        if (!string.IsNullOrWhiteSpace(banner.CouponCode)) html.Append("<span class=\"coupon\">").Append(E(banner.CouponCode)).Append("</span>");
        html.Append("</section>\n");
    }

    private static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));

    private static string Language(string? culture) => string.IsNullOrWhiteSpace(culture) ? "en" : culture.Split('-')[0];

    /// <summary>Escapes for text and for double-quoted attributes alike.</summary>
    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Css = """

        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2a24;background:#f6f5f1;line-height:1.45}
        a{color:inherit}
        header.site{display:flex;align-items:center;justify-content:space-between;gap:16px;padding:14px 32px;background:#173f2f;color:#fff}
        header.site .logo{font-weight:700;font-size:1.25rem;text-decoration:none;letter-spacing:.02em}
        header.site nav{display:flex;gap:20px}
        header.site nav a{text-decoration:none;opacity:.9}
        main{max-width:1200px;margin:0 auto;padding:24px 32px 40px;display:flex;flex-direction:column;gap:28px}
        .hero{position:relative;min-height:380px;border-radius:14px;overflow:hidden;display:flex;align-items:flex-end;background:#2f6b4f}
        .hero.plain{background:linear-gradient(120deg,#173f2f,#4f8f5f)}
        .hero img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}
        .hero-text{position:relative;padding:32px 40px;max-width:640px;color:#fff;background:linear-gradient(0deg,rgba(0,0,0,.55),rgba(0,0,0,0));width:100%}
        .hero h1{margin:0 0 8px;font-size:2.4rem;line-height:1.1}
        .hero p{margin:0 0 18px;font-size:1.15rem}
        .cta{display:inline-block;padding:12px 22px;border-radius:999px;background:#f2c94c;color:#1d2a24;font-weight:700;text-decoration:none}
        .products h2{margin:0 0 14px;font-size:1.4rem}
        .grid{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:16px}
        .card{display:flex;flex-direction:column;gap:6px;padding:12px;border-radius:10px;background:#fff;text-decoration:none;box-shadow:0 1px 3px rgba(0,0,0,.08)}
        .card img,.card .no-image{width:100%;aspect-ratio:1;object-fit:cover;border-radius:8px;background:#e4e9e2}
        .card .no-image{display:flex;align-items:center;justify-content:center;font-size:2rem;color:#6b7d72}
        .card .name{font-weight:600}
        .card .price{color:#173f2f;font-weight:700}
        .card .note{font-size:.85rem;color:#5d6b63}
        .banner{display:flex;align-items:center;justify-content:space-between;gap:16px;flex-wrap:wrap;padding:20px 28px;border-radius:12px;background:#fff4d6;border:1px solid #f2c94c}
        .banner p{margin:0;font-size:1.15rem;font-weight:600}
        .coupon{padding:8px 16px;border:2px dashed #173f2f;border-radius:8px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.1rem;font-weight:700;letter-spacing:.08em}
        footer.site{padding:24px 32px;text-align:center;color:#5d6b63;font-size:.9rem}
        @media (max-width:640px){
          header.site{padding:12px 16px}
          header.site nav{gap:12px;font-size:.9rem}
          main{padding:16px;gap:20px}
          .hero{min-height:300px}
          .hero-text{padding:20px}
          .hero h1{font-size:1.6rem}
          .grid{grid-template-columns:repeat(2,minmax(0,1fr));gap:10px}
          .banner{padding:16px}
        }

        """;
}
