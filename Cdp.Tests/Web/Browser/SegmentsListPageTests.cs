using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>
/// The segments list on the shared app, whose fresh demo store comes with the demo segments. Each test works on
/// a demo segment of its own (or a copy), so that the others, and the builder's tests, find the demo set intact.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SegmentsListPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task List_FreshDemoStore_ShowsTheDemoSegmentsWithSizes()
    {
        var page = await fixture.OpenAsync("segments");

        foreach (var name in new[] { "Purchased in the last 30 days", "Beginner golfers", "High spenders among beginner golfers", "Champions" })
        {
            var row = Row(page, name);
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.GetByTestId("segment-size")).ToHaveTextAsync(new Regex(@"^[1-9][\d,]*$"));
        }
        await Expect(Row(page, "Champions").GetByTestId("segment-export-json")).ToHaveAttributeAsync("download", "champions.json");
        await Expect(Row(page, "Champions").GetByTestId("segment-link")).ToHaveAttributeAsync("href", new Regex(@"^segments/\d+$"));
    }

    [Fact]
    public async Task Duplicate_ARow_AddsACopyRow()
    {
        var page = await fixture.OpenAsync("segments");
        await Expect(Row(page, "High income")).ToHaveCountAsync(1);

        await Row(page, "High income").GetByTestId("segment-duplicate").ClickAsync();

        var copy = Row(page, "High income (copy)");
        await Expect(copy).ToHaveCountAsync(1);
        await Expect(copy.GetByTestId("segment-size")).ToHaveTextAsync((await Row(page, "High income").GetByTestId("segment-size").TextContentAsync())!);
    }

    [Fact]
    public async Task Delete_Confirmed_RemovesTheRow_AndCancelKeepsIt()
    {
        var page = await fixture.OpenAsync("segments");
        await Row(page, "Favourites running low on stock").GetByTestId("segment-duplicate").ClickAsync();
        var copy = Row(page, "Favourites running low on stock (copy)");
        await Expect(copy).ToHaveCountAsync(1);

        await copy.GetByTestId("segment-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToContainTextAsync("Delete \"Favourites running low on stock (copy)\"?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(copy).ToHaveCountAsync(1);

        await copy.GetByTestId("segment-delete").ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();

        await Expect(copy).ToHaveCountAsync(0);
        await Expect(Row(page, "Favourites running low on stock")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Delete_SegmentOthersUse_RefusedBeforeAnyConfirmation_KeepsTheRow()
    {
        var page = await fixture.OpenAsync("segments");

        await Row(page, "Beginner golfers").GetByTestId("segment-delete").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("segments-error")).ToContainTextAsync("\"Beginner golfers\" is used by \"High spenders among beginner golfers\"");
        await Expect(Row(page, "Beginner golfers")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Import_ExportedJson_AddsANumberedCopy()
    {
        var page = await fixture.OpenAsync("segments");
        var href = await Row(page, "Not purchased in 90 days").GetByTestId("segment-export-json").GetAttributeAsync("href");
        var exported = await (await page.APIRequest.GetAsync(href!)).TextAsync();
        Assert.Equal("not-purchased-90-days", JsonDocument.Parse(exported).RootElement.GetProperty("key").GetString());

        await page.GetByTestId("segment-import-input").SetInputFilesAsync(new FilePayload
        {
            Name = "not-purchased-90-days.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(exported),
        });

        // A copy beside the original: its name and key numbered, so the two can be told apart (segment pickers list names).
        await Expect(Row(page, "Not purchased in 90 days (2)")).ToHaveCountAsync(1);
        await Expect(Row(page, "Not purchased in 90 days")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-key='not-purchased-90-days-2']")).ToHaveCountAsync(1);
        await Expect(page.GetByText("Segment imported")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Import_BrokenJson_ShowsWhatIsWrongAndWhere()
    {
        var page = await fixture.OpenAsync("segments");
        var rows = await page.GetByTestId("segment-row").CountAsync();

        await page.GetByTestId("segment-import-input").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes("{\n  \"name\": \"Broken\",\n  \"rules\": {rules: []}\n}"),
        });
        await Expect(page.GetByTestId("segments-error")).ToContainTextAsync("broken.json: not valid JSON (line 3, column 13)");

        await page.GetByTestId("segment-import-input").SetInputFilesAsync(new FilePayload
        {
            Name = "bad-rule.json", MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes("""{"name": "Bad rule", "rules": {"rules": [{"field": "age", "operator": ">", "value": "old"}]}}"""),
        });
        await Expect(page.GetByTestId("segments-error")).ToContainTextAsync("bad-rule.json: rules[0].value: expected a whole number");
        await Expect(page.GetByTestId("segment-row")).ToHaveCountAsync(rows);
    }

    [Fact]
    public async Task EmptyState_AddTheDemoExamples_ListsThemWithSizes()
    {
        await using var app = await AppServer.StartAsync(demoCustomers: 40);
        var context = await app.Access.NewContextAsync(fixture.Browser);
        context.SetDefaultTimeout(15_000);
        // Users before what they use: the store refuses to delete a segment that experiences or other segments use.
        var api = context.APIRequest;
        foreach (var experience in JsonDocument.Parse(await (await api.GetAsync("api/experiences")).TextAsync()).RootElement.EnumerateArray())
            Assert.True((await api.DeleteAsync($"api/experiences/{experience.GetProperty("id").GetInt32()}")).Ok);
        var segments = JsonDocument.Parse(await (await api.GetAsync("api/segments")).TextAsync()).RootElement.EnumerateArray()
            .OrderByDescending(s => s.GetProperty("key").GetString() == "beginner-golfers-high-spenders").ToList();
        foreach (var segment in segments)
            Assert.True((await api.DeleteAsync($"api/segments/{segment.GetProperty("id").GetInt32()}")).Ok);
        var page = await context.NewPageAsync();
        await BrowserFixture.GoToAsync(page, "segments");
        await Expect(page.GetByText("No segments yet")).ToBeVisibleAsync();

        await page.GetByTestId("segments-add-demo").ClickAsync();

        await Expect(page.GetByTestId("segment-row")).ToHaveCountAsync(9);
        await Expect(Row(page, "Champions").GetByTestId("segment-size")).ToHaveTextAsync(new Regex(@"^\d[\d,]*$"));
        await context.CloseAsync();
    }

    private static ILocator Row(IPage page, string name) =>
        page.GetByTestId("segment-row").Filter(new()
        {
            Has = page.GetByTestId("segment-link").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }),
        });
}
