using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>
/// Two people edit the same segment in two browsers; the first saves, and the second's save shows who saved it and
/// lets them overwrite it or reload it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class EditConflictTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SegmentBuilder_SecondSaveAfterAnother_OverwriteKeepsTheSecondAndReloadShowsTheFirst()
    {
        var first = await fixture.OpenAsync("segments");
        var id = await CreateSegmentAsync(first, "Edited twice");
        var second = await fixture.OpenAsync($"segments/{id}");
        await BrowserFixture.GoToAsync(first, $"segments/{id}");

        await SaveBothAsync(first, "Saved first", second, "Saved second");
        await Expect(second.GetByTestId("conflict-message")).ToContainTextAsync($"{AppAccess.AdminEmail} saved this segment at");
        await second.GetByTestId("conflict-overwrite").ClickAsync();
        await Expect(Saved(second)).ToBeVisibleAsync();
        await Expect(second.GetByTestId("save")).ToBeDisabledAsync();
        await BrowserFixture.GoToAsync(second, "segments");
        await Expect(Row(second, "Saved second")).ToHaveCountAsync(1);
        await Expect(Row(second, "Saved first")).ToHaveCountAsync(0);

        await BrowserFixture.GoToAsync(first, $"segments/{id}");
        await BrowserFixture.GoToAsync(second, $"segments/{id}");
        await SaveBothAsync(first, "Saved first again", second, "Lost edit");
        await second.GetByTestId("conflict-reload").ClickAsync();
        await Expect(second.GetByTestId("segment-name")).ToHaveValueAsync("Saved first again");
        await Expect(second.GetByTestId("conflict-dialog")).ToHaveCountAsync(0);

        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task ExperienceEditor_SecondSaveAfterAnother_OverwriteKeepsTheSecondAndReloadShowsTheFirst()
    {
        var first = await fixture.OpenAsync("personalization");
        var id = await CreateExperienceAsync(first, "Edited twice (experience)");
        var second = await fixture.OpenAsync($"personalization/{id}");
        await OpenEditorAsync(first, id);
        await second.Locator("[data-editor-ready=true]").WaitForAsync();

        await SaveBothAsync(first, second, "experience-name", "Experience saved first", "Experience saved second");
        await Expect(second.GetByTestId("conflict-message")).ToContainTextAsync($"{AppAccess.AdminEmail} saved this experience at");
        await second.GetByTestId("conflict-overwrite").ClickAsync();
        await Expect(Saved(second)).ToBeVisibleAsync();
        await Expect(second.GetByTestId("save")).ToBeDisabledAsync();
        await OpenEditorAsync(first, id);
        await Expect(first.GetByTestId("experience-name")).ToHaveValueAsync("Experience saved second");

        await SaveBothAsync(first, second, "experience-name", "Experience saved first again", "Lost experience edit");
        await second.GetByTestId("conflict-reload").ClickAsync();
        await Expect(second.GetByTestId("experience-name")).ToHaveValueAsync("Experience saved first again");
        await Expect(second.GetByTestId("save")).ToBeDisabledAsync();

        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    private static async Task OpenEditorAsync(IPage page, int id)
    {
        await BrowserFixture.GoToAsync(page, $"personalization/{id}");
        await page.Locator("[data-editor-ready=true]").WaitForAsync();
    }

    private static async Task<int> CreateExperienceAsync(IPage page, string name)
    {
        var response = await page.APIRequest.PostAsync("api/experiences", new()
        {
            DataObject = new
            {
                name, kind = "Email", status = "Draft", holdoutPercent = 0,
                variants = new[] { new { name = "Everyone", email = new { subject = "Hello", html = "<p>Hello</p>" } } },
            },
        });
        Assert.True(response.Ok, await response.TextAsync());
        return JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>Both rename the segment; the first saves, then the second tries to.</summary>
    private static Task SaveBothAsync(IPage first, string firstName, IPage second, string secondName) =>
        SaveBothAsync(first, second, "segment-name", firstName, secondName);

    /// <summary>Both rename it; the first saves, then the second tries to.</summary>
    private static async Task SaveBothAsync(IPage first, IPage second, string nameField, string firstName, string secondName)
    {
        await first.GetByTestId(nameField).FillAsync(firstName);
        await second.GetByTestId(nameField).FillAsync(secondName);
        await Expect(first.GetByTestId("save")).ToBeEnabledAsync();
        await first.GetByTestId("save").ClickAsync();
        await Expect(Saved(first)).ToBeVisibleAsync();
        await Expect(second.GetByTestId("save")).ToBeEnabledAsync();
        await second.GetByTestId("save").ClickAsync();
        await Expect(second.GetByTestId("conflict-dialog")).ToBeVisibleAsync();
    }

    private static async Task<int> CreateSegmentAsync(IPage page, string name)
    {
        var response = await page.APIRequest.PostAsync("api/segments", new()
        {
            DataObject = new { name, rules = new { combinator = "and", rules = new[] { new { field = "country", @operator = "=", value = "US" } } } },
        });
        Assert.True(response.Ok, await response.TextAsync());
        return JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>The notification a finished save shows (Save is disabled while saving too, so it is no sign).</summary>
    private static ILocator Saved(IPage page) => page.Locator(".rz-notification-title").GetByText(new Regex("^(Segment|Experience) saved$"));

    private static ILocator Row(IPage page, string name) =>
        page.GetByTestId("segment-row").Filter(new()
        {
            Has = page.GetByTestId("segment-link").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }),
        });
}
