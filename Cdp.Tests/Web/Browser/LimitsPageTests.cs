using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>What a marketer sees when the builder hits a limit of <c>Cdp:Limits</c>.</summary>
[Collection(BrowserCollection.Name)]
public class LimitsPageTests(BrowserFixture fixture)
{
    private const string Condition = """{"field":"country","operator":"=","value":"DE"}""";

    [Fact]
    public async Task Builder_TreeTooDeep_NamesTheLimitAndCannotSave_AndSlowPreviewSaysItWasStopped()
    {
        await using var app = await AppServer.StartAsync(demoCustomers: 20, new Dictionary<string, string>
        {
            ["Cdp:Limits:MaxRuleDepth"] = "3",
            // A microsecond: every preview outlasts it.
            ["Cdp:Limits:PreviewSeconds"] = "0.000001",
        });
        var context = await app.Access.NewContextAsync(fixture.Browser);
        var page = await context.NewPageAsync();

        await OpenAsync(page, $$$"""{"rules":[{"rules":[{"rules":[{{{Condition}}}]}]}]}""");
        await Expect(page.GetByTestId("tree-error")).ToContainTextAsync("the tree is 4 levels deep; at most 3 are allowed (Cdp:Limits:MaxRuleDepth)");
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();

        await OpenAsync(page, $$$"""{"rules":[{{{Condition}}}]}""");
        await Expect(page.GetByTestId("tree-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("preview-error")).ToContainTextAsync("The preview was stopped after");
        await Expect(page.GetByTestId("preview-error")).ToContainTextAsync("Cdp:Limits:PreviewSeconds");
        await context.CloseAsync();
    }

    [Fact]
    public async Task ExperienceEditor_TemplateAboveTheLimit_NamesTheLimitBesideTheField()
    {
        var page = await fixture.OpenAsync("personalization/new?kind=email");
        await page.GetByTestId("experience-name").FillAsync("Too long");
        await page.GetByTestId("email-subject").FillAsync("Hello");

        // 120 KB crosses the circuit in one message: SignalR's default 32 KB would drop the circuit instead.
        await page.Locator(".rz-html-editor-toolbar").GetByTitle("View source").ClickAsync();
        await page.Locator("textarea.rz-html-editor-source").FillAsync("<p>" + new string('x', 120 * 1024) + "</p>");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page.Locator("[data-testid=field-error][data-field='email.html']"))
            .ToContainTextAsync("is 121 KB; a template field is at most 100 KB (Cdp:Limits:MaxTemplateKilobytes)");
        await Expect(page.GetByTestId("save-error")).ToContainTextAsync("Not saved");
    }

    private static async Task OpenAsync(IPage page, string rules)
    {
        await BrowserFixture.GoToAsync(page, "segments/new?rules=" + Uri.EscapeDataString(rules));
        await page.Locator(".segment-builder[data-builder-ready=true]").WaitForAsync();
    }
}
