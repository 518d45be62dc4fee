using Cdp.Core.Personalization.Templates;

namespace Cdp.Tests.Core.Personalization;

public class TemplateRendererTests
{
    private const string Script = "<script>alert(1)</script>";
    private static readonly StoreInfo Store = new("Summit & Fairway", "USD", "en-US");
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static PersonalizationModel Hostile() => new()
    {
        FirstName = Script, City = "\"><img src=x onerror=alert(1)>", Store = Store, Today = Today,
        Favorites = [new FavoriteItem(Script, "S1", 1m, 1, true, null, null)],
        Attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["note"] = "' onmouseover='alert(1)" },
    };

    [Fact]
    public void Render_Html_EscapesAScriptInAFirstName()
    {
        using var renderer = new TemplateRenderer();
        var html = renderer.Render("<p>Hi {{firstName}}, {{default firstName \"there\"}}, {{upper firstName}}</p>", TemplateMode.Html, Hostile());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;SCRIPT&gt;", html); // helper output is escaped as well
    }

    [Fact]
    public void Render_Html_EscapesValuesInAttributesAndLoops()
    {
        using var renderer = new TemplateRenderer();
        var html = renderer.Render("<a title=\"{{city}}\" data-x='{{attributes.note}}'>{{#each favorites}}{{name}}{{/each}}</a>", TemplateMode.Html, Hostile());

        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("' onmouseover", html);
        Assert.Contains("&quot;&gt;&lt;img", html);
    }

    [Fact]
    public void Render_Text_WritesValuesAsTheyAre()
    {
        using var renderer = new TemplateRenderer();
        Assert.Equal($"Hi {Script} & co", renderer.Render("Hi {{firstName}} & co", TemplateMode.Text, Hostile()));
    }

    [Fact]
    public void Check_TripleBracesInHtml_AreRefused()
    {
        using var renderer = new TemplateRenderer();
        var errors = renderer.Check("<p>\n  {{{firstName}}}</p>", TemplateMode.Html);

        var error = Assert.Single(errors);
        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("escaping", error.Message);
        Assert.Empty(renderer.Check("{{{firstName}}}", TemplateMode.Text));
        Assert.Throws<TemplateException>(() => renderer.Render("{{{firstName}}}", TemplateMode.Html, Hostile()));
    }

    [Fact]
    public void Check_UnclosedBlock_ReportsTheOpeningTagsLineAndColumn()
    {
        using var renderer = new TemplateRenderer();
        var errors = renderer.Check("<p>Hello</p>\n<p>\n   {{#if firstName}}Hi {{firstName}}\n</p>", TemplateMode.Html);

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(4, error.Column);
        Assert.Contains("{{/if}}", error.Message);
        Assert.Equal($"line 3, column 4: {error.Message}", error.ToString());
    }

    [Fact]
    public void Check_UnknownHelper_ReportsItsLineAndColumn()
    {
        using var renderer = new TemplateRenderer();
        var errors = renderer.Check("Hello\n  {{formatMoney totalSpent}} and {{upper firstName}}", TemplateMode.Text);

        var error = Assert.Single(errors);
        Assert.Equal((2, 5), (error.Line, error.Column));
        Assert.Contains("Unknown helper \"formatMoney\"", error.Message);
    }

    [Theory]
    [InlineData("{{#if (isVip firstName)}}x{{/if}}", 1, 8, "\"isVip\"")] // in a subexpression
    [InlineData("a\n{{#loop favorites}}x{{/loop}}", 2, 4, "block helper \"loop\"")]
    [InlineData("{{Upper firstName}}", 1, 3, "did you mean \"upper\"")]
    [InlineData("{{#each favorites}}\n{{/if}}", 2, 1, "does not match {{#each}} opened at line 1, column 1")]
    [InlineData("x {{/if}}", 1, 3, "closes no block")]
    [InlineData("ab\n\n  {{ firstName", 3, 3, "never closed")]
    [InlineData("{{firstName}\n{{lastName}}", 1, 1, "never closed")]
    [InlineData("{{#if}}x{{/if}}", 1, 1, "needs a value")]
    [InlineData("{{> footer}}", 1, 1, "Partials")]
    [InlineData("{{}}", 1, 1, "Empty")]
    [InlineData("{{else}}", 1, 1, "outside any block")]
    [InlineData("{{default firstName \"there}}", 1, 21, "quote")]
    [InlineData("{{!-- note", 1, 1, "comment")]
    public void Check_Mistakes_AreReportedWhereTheyAre(string template, int line, int column, string message)
    {
        using var renderer = new TemplateRenderer();
        var errors = renderer.Check(template, TemplateMode.Html);
        var error = errors[0];
        Assert.Equal(errors.Distinct().Count(), errors.Count);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("Hi {{default firstName \"there\"}}!")]
    [InlineData("{{#each recommendations}}<a href=\"{{url}}\">{{name}} {{currency price}}</a> {{reason}}{{else}}none{{/each}}")]
    [InlineData("{{#if (and (gt ordersCount 2) (inSegment \"champions\"))}}VIP{{else if (lt daysToBirthday 30)}}Birthday{{else}}Hi{{/if}}")]
    [InlineData("{{#with store}}{{name}}{{/with}} {{#unless email}}no email{{/unless}} {{#favorites}}{{name}}{{/favorites}}")]
    [InlineData("{{~#if firstName~}} {{firstName}} {{~/if~}} {{! a comment }} {{!-- {{ not a tag }} --}} \\{{literal}}")]
    [InlineData("{{lookup attributes \"preferredStore\"}} {{attributes.[preferred store]}} {{@root.firstName}} {{#each favorites}}{{@index}} {{../firstName}}{{/each}}")]
    public void Check_ValidTemplates_HaveNoErrors(string template)
    {
        using var renderer = new TemplateRenderer();
        Assert.Empty(renderer.Check(template, TemplateMode.Html));
    }

    [Fact]
    public void Render_InvalidTemplate_ThrowsWithTheCheckErrors()
    {
        using var renderer = new TemplateRenderer();
        var exception = Assert.Throws<TemplateException>(() => renderer.Render("{{#if x}}", TemplateMode.Text, Hostile()));
        Assert.Equal(renderer.Check("{{#if x}}", TemplateMode.Text), exception.Errors);
    }

    [Fact]
    public void Render_ManyDistinctTemplates_StaysCorrectBeyondTheCacheSize()
    {
        using var renderer = new TemplateRenderer();
        var model = PersonalizationModel.Sample(Store, Today);
        for (var i = 0; i < TemplateRenderer.CacheEntries + 200; i++)
            Assert.Equal($"{i} Jeff", renderer.Render($"{i} {{{{firstName}}}}", TemplateMode.Text, model));
        Assert.Equal("0 Jeff", renderer.Render("0 {{firstName}}", TemplateMode.Text, model));
    }

    [Fact]
    public void Render_SameTextInBothModes_EscapesOnlyInHtml()
    {
        using var renderer = new TemplateRenderer();
        var model = new PersonalizationModel { FirstName = "A&B", Store = Store };
        Assert.Equal("A&amp;B", renderer.Render("{{firstName}}", TemplateMode.Html, model));
        Assert.Equal("A&B", renderer.Render("{{firstName}}", TemplateMode.Text, model));
    }

    [Fact]
    public async Task Render_ConcurrentCustomersWithDifferentCultures_EachGetsItsOwnFormatting()
    {
        using var renderer = new TemplateRenderer();
        var us = PersonalizationModel.Sample(Store, Today);
        var de = PersonalizationModel.Sample(Store with { Culture = "de-DE" }, Today);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            (i, renderer.Render("{{totalSpent}} {{currency totalSpent}}", TemplateMode.Text, i % 2 == 0 ? us : de)), TestContext.Current.CancellationToken)));
        foreach (var (i, text) in results)
            Assert.Equal(i % 2 == 0 ? "642.50 $642.50" : "642,50 642,50 $", text);
    }
}
