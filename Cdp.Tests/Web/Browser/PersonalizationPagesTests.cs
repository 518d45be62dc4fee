using System.Text.RegularExpressions;
using Cdp.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class PersonalizationPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task List_DemoStore_ShowsTheDemoExperiencesWithTheirVariants()
    {
        var page = await fixture.OpenAsync("personalization");

        var homepage = page.Locator("[data-testid=experience-row][data-key=homepage]");
        await Expect(homepage.GetByTestId("experience-link")).ToHaveTextAsync("Homepage");
        await Expect(homepage.GetByTestId("experience-kind")).ToHaveTextAsync(new Regex("Homepage"));
        await Expect(homepage.GetByTestId("experience-status")).ToHaveTextAsync("Live");
        await Expect(homepage.GetByTestId("experience-variant")).ToHaveCountAsync(4);
        await Expect(homepage.GetByTestId("experience-variant").First).ToContainTextAsync("Beginner golfers");
        await Expect(homepage.GetByTestId("experience-variant").Last).ToContainTextAsync("everyone else");
        var newsletter = page.Locator("[data-testid=experience-row][data-key=newsletter]");
        await Expect(newsletter.GetByTestId("experience-kind")).ToHaveTextAsync(new Regex("E-mail"));
        await Expect(newsletter).ToContainTextAsync("10%");
    }

    [Fact]
    public async Task New_EmailWithItsDefaultVariant_IsSavedAndListed()
    {
        var name = $"Welcome {Guid.NewGuid():N}"[..20];
        var page = await fixture.OpenAsync("personalization/new?kind=email");
        await Expect(page.GetByTestId("variant")).ToHaveCountAsync(1);

        await page.GetByTestId("experience-name").FillAsync(name);
        await page.GetByTestId("email-subject").FillAsync("Welcome, {{default firstName \"friend\"}}");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/personalization/\d+$"));
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("preview-link")).ToHaveAttributeAsync("href", new Regex(@"personalization/preview\?experience=welcome-"));
        await Expect(page.GetByTestId("preview-link")).ToHaveCSSAsync("color", await ThemeColors.ResolveAsync(page, "var(--rz-primary)"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Personalization", Exact = true }).ClickAsync();
        var row = page.GetByTestId("experience-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("experience-status")).ToHaveTextAsync("Draft");
        await Expect(row.GetByTestId("experience-variant")).ToHaveTextAsync(new Regex("Everyone else"));
    }

    [Fact]
    public async Task EditingAVariantsSubject_Saved_IsThereAfterReload()
    {
        var page = await OpenCopyAsync("newsletter");
        var subject = $"Only a few left, {{{{firstName}}}} ({Guid.NewGuid():N})"[..40];

        await SelectVariantAsync(page, "Favourites running low");
        await page.GetByTestId("email-subject").FillAsync(subject);
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();

        await BrowserFixture.GoToAsync(page, page.Url);
        await SelectVariantAsync(page, "Favourites running low");
        await Expect(page.GetByTestId("email-subject")).ToHaveValueAsync(subject);
    }

    [Fact]
    public async Task DraggingAVariantAboveAnother_Saved_KeepsTheOrderAfterReload()
    {
        var page = await OpenCopyAsync("homepage");
        await Expect(VariantNames(page)).ToHaveCountAsync(4);
        var grip = page.Locator("[data-testid=variant][data-index='2']").GetByTestId("variant-grip");

        await MouseDrag.DragAsync(page, grip, page.Locator("[data-testid=variant-drop][data-index='0']"));

        string[] order = ["High spenders: the premium collection", "Beginner golfers: step up to intermediate clubs",
            "Lapsed 90 days: win-back coupon", "Everyone: the golf course"];
        await Expect(VariantNames(page)).ToHaveTextAsync(order);
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();
        await BrowserFixture.GoToAsync(page, page.Url);
        await Expect(VariantNames(page)).ToHaveTextAsync(order);
    }

    [Fact]
    public async Task TemplateError_OnSave_ShowsItsLineAndColumn_AndSavesNothing()
    {
        var name = $"Broken {Guid.NewGuid():N}"[..20];
        var page = await fixture.OpenAsync("personalization/new?kind=email");
        await page.GetByTestId("experience-name").FillAsync(name);
        await page.GetByTestId("email-subject").FillAsync("Hello");

        await page.Locator(".rz-html-editor-toolbar").GetByTitle("View source").ClickAsync();
        await page.Locator("textarea.rz-html-editor-source").FillAsync("<p>Hello,</p>\n<p>Your picks:</p>\n<p>{{#each recommendations}}{{name}}</p>");
        await page.GetByTestId("save").ClickAsync();

        var error = page.Locator("[data-testid=field-error][data-field='email.html']");
        await Expect(error).ToHaveTextAsync(new Regex(@"line \d+, column \d+"));
        await Expect(page.GetByTestId("save-error")).ToContainTextAsync("Not saved");
        await Expect(page).ToHaveURLAsync(new Regex("/personalization/new"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.App.ConnectionString,
            $"SELECT COUNT(*) FROM Experiences WHERE Name = '{name}'"));
    }

    [Fact]
    public async Task MergeFieldPicker_VisualAndSourceViews_InsertsAtTheCaret()
    {
        var page = await fixture.OpenAsync("personalization/new?kind=email");
        await page.Locator("[data-editor-ready=true]").WaitForAsync();
        await page.Locator(".rz-html-editor-content p").First.ClickAsync(); // the caret at the end of "Hello …,"
        await page.Keyboard.PressAsync("End");

        await PickAsync(page, "merge-field-picker", "City");
        await Expect(page.Locator(".rz-html-editor-content p").First).ToContainTextAsync("\"there\"}},{{city}}");

        await page.Locator(".rz-html-editor-toolbar").GetByTitle("View source").ClickAsync();
        var source = page.Locator("textarea.rz-html-editor-source");
        await source.EvaluateAsync("t => t.setSelectionRange(0, 0)");
        await PickAsync(page, "block-picker", "Nearest store (location line)");
        await Expect(source).ToHaveValueAsync(new Regex(@"^\{\{#if city\}\}<p>Your nearest store: \{\{city\}\}, \{\{countryName\}\}</p>\{\{/if\}\}\n<p>Hello \{\{default firstName ""there""\}\},\{\{city\}\}"));
        await Expect(page.GetByTestId("save")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Editor_DarkTheme_DefaultVariantsNameIsReadable()
    {
        var page = await fixture.OpenAsync();

        await ThemeColors.UseDarkThemeAsync(page, "personalization/new?kind=email");

        var name = page.Locator(".variant-item--default .variant-item__name");
        await Expect(name).ToBeVisibleAsync();
        Assert.True(await ThemeColors.ContrastAsync(name) >= 4.5, "The default variant's name has too little contrast in the dark theme.");
    }

    private static async Task PickAsync(IPage page, string picker, string item)
    {
        await page.GetByTestId(picker).ClickAsync();
        await page.Locator(".rz-dropdown-item").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(item)}$") }).ClickAsync();
    }

    /// <summary>Duplicates a demo experience from the list and opens the copy, so tests never change the demo itself.</summary>
    private async Task<IPage> OpenCopyAsync(string key)
    {
        var page = await fixture.OpenAsync("personalization");
        await page.Locator($"[data-testid=experience-row][data-key={key}]").GetByTestId("experience-duplicate").ClickAsync();
        var copy = page.Locator("tr.cdp-row-new[data-testid=experience-row]");
        await Expect(copy).ToHaveCountAsync(1);
        await copy.GetByTestId("experience-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/personalization/\d+$"));
        await page.Locator("[data-editor-ready=true]").WaitForAsync();
        return page;
    }

    private static async Task SelectVariantAsync(IPage page, string name)
    {
        await page.Locator($"[data-testid=variant][data-name='{name}']").GetByTestId("variant-select").ClickAsync();
        await Expect(page.GetByTestId("variant-editor")).ToHaveAttributeAsync("data-name", name);
    }

    private static ILocator VariantNames(IPage page) => page.Locator("[data-testid=variant] .variant-item__name");
}
