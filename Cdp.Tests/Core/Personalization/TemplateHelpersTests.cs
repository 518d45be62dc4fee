using Cdp.Core.Personalization.Templates;

namespace Cdp.Tests.Core.Personalization;

public class TemplateHelpersTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly TemplateRenderer Renderer = new();

    private static PersonalizationModel Model(string culture = "en-US", string currency = "USD") =>
        PersonalizationModel.Sample(new StoreInfo("Summit & Fairway", currency, culture), Today);

    private static string Text(string template, PersonalizationModel? model = null) => Renderer.Render(template, TemplateMode.Text, model ?? Model());

    [Theory]
    [InlineData("{{default firstName \"there\"}}", "Jeff")]
    [InlineData("{{default missing \"there\"}}", "there")]
    [InlineData("{{default attributes.nothing city \"x\"}}", "Austin")]
    public void Default_FirstNonEmptyValue(string template, string expected) => Assert.Equal(expected, Text(template));

    [Fact]
    public void Default_EmptyOrBlankText_UsesTheFallback()
    {
        var model = new PersonalizationModel { FirstName = "  ", Store = new StoreInfo("S", "USD", "en-US") };
        Assert.Equal("Hi there", Text("Hi {{default firstName \"there\"}}", model));
    }

    [Theory]
    [InlineData("en-US", "USD", "$642.50")]
    [InlineData("de-DE", "EUR", "642,50 €")]
    [InlineData("de-DE", "USD", "642,50 $")]
    [InlineData("en-GB", "GBP", "£642.50")]
    public void Currency_FormatsTheAmountByCultureAndStoreCurrency(string culture, string currency, string expected) =>
        Assert.Equal(expected, Text("{{currency totalSpent}}", Model(culture, currency)));

    [Fact]
    public void Currency_ExplicitCode_OverridesTheStoreCurrency() =>
        Assert.Equal("€1,234.50", Text("{{currency 1234.5 \"EUR\"}}"));

    [Fact]
    public void Currency_NotANumber_RendersEmpty() => Assert.Equal("[]", Text("[{{currency city}}]"));

    [Theory]
    [InlineData("en-US", "{{date lastOrderAt}}", "11/4/2026")]
    [InlineData("de-DE", "{{date lastOrderAt}}", "04.11.2026")]
    [InlineData("en-US", "{{date lastOrderAt \"long\"}}", "Wednesday, November 4, 2026")]
    [InlineData("en-US", "{{date lastOrderAt \"monthDay\"}}", "November 4")]
    [InlineData("en-US", "{{date lastOrderAt \"yyyy-MM-dd\"}}", "2026-11-04")]
    [InlineData("en-US", "{{date \"2026-12-24\" \"MMM d\"}}", "Dec 24")]
    [InlineData("en-US", "[{{date city}}]", "[]")]
    public void Date_FormatsByCulture(string culture, string template, string expected) => Assert.Equal(expected, Text(template, Model(culture)));

    [Theory]
    [InlineData("en-US", "{{number 1234567.891}}", "1,234,567.89")]
    [InlineData("de-DE", "{{number 1234567.891}}", "1.234.567,89")]
    [InlineData("en-US", "{{number ordersCount 2}}", "3.00")]
    [InlineData("en-US", "{{number totalSpent 0}}", "643")]
    public void Number_FormatsByCulture(string culture, string template, string expected) => Assert.Equal(expected, Text(template, Model(culture)));

    [Theory]
    [InlineData("{{#if (eq city \"austin\")}}y{{else}}n{{/if}}", "y")] // text ignores case
    [InlineData("{{#if (eq ordersCount 3)}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (eq totalSpent \"642.5\")}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (ne country \"DE\")}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (gt totalSpent 500)}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (gt ordersCount 3)}}y{{else}}n{{/if}}", "n")]
    [InlineData("{{#if (lt daysSinceLastOrder 30)}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (lt missing 30)}}y{{else}}n{{/if}}", "n")] // missing values compare with nothing
    [InlineData("{{#if (gt lastOrderAt \"2026-11-01\")}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (and (gt ordersCount 1) (eq country \"US\"))}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (and ordersCount missing)}}y{{else}}n{{/if}}", "n")]
    [InlineData("{{#if (or missing favorites)}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (or missing \"\")}}y{{else}}n{{/if}}", "n")]
    [InlineData("{{#if (not missing)}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (not 0)}}y{{else}}n{{/if}}", "y")]
    public void Comparisons_AndLogic(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("{{#if (inSegment \"beginner-golfers\")}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (inSegment \"Beginner-Golfers\")}}y{{else}}n{{/if}}", "y")]
    [InlineData("{{#if (inSegment \"champions\")}}y{{else}}n{{/if}}", "n")]
    [InlineData("{{#inSegment \"beginner-golfers\"}}y{{else}}n{{/inSegment}}", "y")]
    [InlineData("{{#inSegment \"champions\"}}y{{else}}n{{/inSegment}}", "n")]
    [InlineData("{{#each favorites}}{{#if (inSegment \"beginner-golfers\")}}{{name}}{{/if}}{{/each}}", "Fairway Range Glove")] // inside a loop too
    public void InSegment_UsesTheModelsSegments(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("{{capitalize \"jeff miller\"}}", "Jeff miller")]
    [InlineData("{{upper firstName}}", "JEFF")]
    [InlineData("{{lower email}}", "jeff.miller@example.com")]
    [InlineData("{{truncate \"Summit Tour Irons\" 6}}", "Summit…")]
    [InlineData("{{truncate \"Summit Tour Irons\" 7 \"...\"}}", "Summit...")]
    [InlineData("{{truncate firstName 10}}", "Jeff")]
    [InlineData("[{{capitalize missing}}]", "[]")]
    public void TextHelpers(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("{{pluralize 1 \"order\"}}", "1 order")]
    [InlineData("{{pluralize ordersCount \"order\"}}", "3 orders")]
    [InlineData("{{pluralize 0 \"order\"}}", "0 orders")]
    [InlineData("{{pluralize 2 \"glove\" \"pairs of gloves\"}}", "2 pairs of gloves")]
    [InlineData("{{pluralize 1200 \"point\"}}", "1,200 points")]
    public void Pluralize_CountAndWord(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("{{daysUntil \"2026-12-24\"}}", "30")]
    [InlineData("{{daysUntil \"2026-11-24\"}}", "0")]
    [InlineData("{{daysUntil lastOrderAt}}", "-20")]
    [InlineData("[{{daysUntil city}}]", "[]")]
    public void DaysUntil_WholeDaysFromTheModelsToday(string template, string expected) => Assert.Equal(expected, Text(template));

    [Fact]
    public void PlainValues_AreFormattedInTheStoresCulture()
    {
        Assert.Equal("642,50 · 04.11.2026", Text("{{totalSpent}} · {{lastOrderAt}}", Model("de-DE")));
        Assert.Equal("642.50 · 11/4/2026", Text("{{totalSpent}} · {{lastOrderAt}}", Model("en-US")));
    }

    [Fact]
    public void Attributes_ByNameIgnoringCase() =>
        Assert.Equal("Austin Flagship|Austin Flagship", Text("{{attributes.preferredStore}}|{{attributes.PREFERREDSTORE}}"));
}
