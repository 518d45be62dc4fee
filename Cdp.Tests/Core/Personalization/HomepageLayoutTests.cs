using Cdp.Core.Personalization.Rendering;
using Cdp.Core.Personalization.Templates;

namespace Cdp.Tests.Core.Personalization;

public class HomepageLayoutTests
{
    private static readonly StoreInfo Store = new("Summit & Fairway", "USD", "en-US");

    private static IReadOnlyList<RenderedBlock> Blocks(string text = "Ready for the next level, Jeff?") =>
    [
        new HeroBlock("https://img.example.com/course.jpg", text, "Intermediate clubs picked for you", "Browse intermediate clubs", "/c/golf/intermediate"),
        new ProductRowBlock("Recommended for you", [
            new ProductCard("Summit Tour Irons", 499m, "https://store.example.com/p/1", "https://store.example.com/i/1.jpg", "Next level after your beginner Golf gear"),
            new ProductCard("Fairway Glove", 24.99m, null, null, "Only 3 left"),
        ]),
        new BannerBlock("Welcome back: 15% off your next order", "COMEBACK15"),
    ];

    [Fact]
    public void Render_Blocks_AFullPageWithEachBlockInOrder()
    {
        var html = HomepageLayout.Render(Blocks(), Store);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<meta name=\"viewport\"", html);
        Assert.Contains("@media (max-width:640px)", html); // phone layout
        Assert.Contains("Summit &amp; Fairway", html);
        var hero = html.IndexOf("Ready for the next level, Jeff?", StringComparison.Ordinal);
        var products = html.IndexOf("Recommended for you", StringComparison.Ordinal);
        var banner = html.IndexOf("COMEBACK15", StringComparison.Ordinal);
        Assert.True(hero > 0 && hero < products && products < banner);
        Assert.Contains("href=\"/c/golf/intermediate\">Browse intermediate clubs</a>", html);
        Assert.Contains("$499.00", html);
        Assert.Contains("$24.99", html);
        Assert.Contains("Only 3 left", html);
    }

    [Fact]
    public void Render_HasNoScriptsAndForbidsThem()
    {
        var html = HomepageLayout.Render(Blocks("<script>alert(1)</script>"), Store);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("Content-Security-Policy", html);
        Assert.Contains("default-src 'none'", html);
    }

    [Fact]
    public void Render_UnsafeUrls_AreDropped()
    {
        var html = HomepageLayout.Render([
            new HeroBlock("javascript:alert(1)", "H", null, "Go", "javascript:alert(2)"),
            new ProductRowBlock(null, [new ProductCard("P", 1m, " JavaScript:alert(3)", "data:text/html,x")]),
        ], Store);

        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text", html);
        Assert.Contains("href=\"#\">Go</a>", html);
    }

    [Fact]
    public void Render_PricesInTheStoresCulture()
    {
        var html = HomepageLayout.Render(Blocks(), new StoreInfo("Laden", "EUR", "de-DE"));
        Assert.Contains("499,00 €", html);
        Assert.Contains("<html lang=\"de\">", html);
    }
}
