using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class CustomersPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Search_TypingAName_NarrowsTheGridToMatches()
    {
        var page = await fixture.OpenAsync("customers");
        var links = page.GetByTestId("customer-link");
        await Expect(links).ToHaveCountAsync(25);

        await page.GetByTestId("customer-search").PressSequentiallyAsync("jeff mil");

        await Expect(links).ToHaveCountAsync(1);
        await Expect(links.First).ToHaveTextAsync("Jeff Miller");
        await Expect(page.GetByText("1 customer matches.")).ToBeVisibleAsync();
        await Expect(page.Locator(".rz-pager-summary")).ToContainTextAsync("(1 customer)");
    }

    [Fact]
    public async Task Paging_NextPage_ShowsOtherCustomers()
    {
        var page = await fixture.OpenAsync("customers");
        var firstRow = page.GetByTestId("customer-link").First;
        await Expect(firstRow).ToBeVisibleAsync();
        var firstOnPageOne = await firstRow.TextContentAsync();
        var pages = (BrowserFixture.DemoCustomers + 24) / 25;

        await page.Locator(".rz-pager-next").ClickAsync();

        await Expect(page.Locator(".rz-pager-summary")).ToContainTextAsync($"Page 2 of {pages}");
        await Expect(firstRow).Not.ToHaveTextAsync(firstOnPageOne!);
        await Expect(page.GetByTestId("customer-link")).ToHaveCountAsync(25);
    }

    [Fact]
    public async Task Profile_OpenedFromTheGrid_ShowsAttributesOrdersAndFavourites()
    {
        var page = await fixture.OpenAsync("customers");
        await SearchAsync(page, "jeff.miller@");
        await Expect(page.GetByTestId("customer-link")).ToHaveCountAsync(1);

        await page.GetByTestId("customer-link").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/customers/1$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jeff Miller", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("profile-orders")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("profile-facts")).ToContainTextAsync("Austin");
        await Expect(page.GetByTestId("profile-facts")).ToContainTextAsync(new Regex(@"RFM segment\s+\S.*\(R[1-5] F[1-5] M[1-5]\)"));
        await Expect(page.GetByTestId("profile-facts")).ToContainTextAsync(new Regex("Stage\\s*Active"));
        await Expect(page.GetByTestId("profile-interests")).ToContainTextAsync("golf");
        await Expect(page.GetByTestId("profile-attributes")).ToContainTextAsync("preferredStore");
        await Expect(page.GetByTestId("profile-favorites")).ToContainTextAsync("Iron Set");
        await Expect(page.GetByTestId("profile-favorites")).ToContainTextAsync("Only 3 left");

        // Expanding an order shows its lines, the beginner club set among them.
        await page.GetByTestId("profile-orders-grid").Locator(".rz-row-toggler").Last.ClickAsync();
        await Expect(page.Locator(".cdp-lines")).ToContainTextAsync("Starter Golf Club Set");
    }

    [Fact]
    public async Task Profile_UnknownCustomer_SaysSoAndLinksBack()
    {
        var page = await fixture.OpenAsync("customers/999999");

        await Expect(page.GetByText("There is no customer 999999")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to all customers" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/customers$"));
    }

    [Fact]
    public async Task ExportCsv_AfterSearching_DownloadsJustTheCustomersShown()
    {
        var page = await fixture.OpenAsync("customers");
        await SearchAsync(page, "jeff mil");
        await Expect(page.GetByTestId("customer-link")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());

        Assert.Matches(@"^customers-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken))
            .Where(l => l.Length > 0).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("jeff.miller@example.com", lines[1]);
    }

    /// <summary>Types into the search box once the first page has loaded, as a person would.</summary>
    private static async Task SearchAsync(IPage page, string text)
    {
        await Expect(page.GetByTestId("customer-link")).ToHaveCountAsync(25);
        await page.GetByTestId("customer-search").PressSequentiallyAsync(text);
    }
}
