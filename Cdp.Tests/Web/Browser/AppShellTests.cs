using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class AppShellTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("", "text/html")]
    [InlineData("health", "text/plain")]
    [InlineData("_framework/blazor.web.js", "text/javascript")]
    [InlineData("customers", "text/html")]
    public async Task Endpoint_Answers200(string path, string contentType)
    {
        using var http = fixture.App.CreateHttpClient();

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("segments/987654", "Segment not found")]
    [InlineData("personalization/987654", "Experience not found")]
    public async Task EditorOfSomethingGone_TitleAndHeadingSayNotFound(string path, string title)
    {
        var page = await fixture.OpenAsync(path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page).ToHaveTitleAsync($"{title} · Cdp");
    }

    [Fact]
    public async Task ThemeToggle_DarkTheme_SurvivesReload()
    {
        var page = await fixture.OpenAsync("");
        var darkTheme = page.Locator("link[href*='material-dark']");
        await Expect(darkTheme).ToHaveCountAsync(0);

        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(darkTheme).ToHaveCountAsync(1);

        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Expect(darkTheme).ToHaveCountAsync(1);

        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(darkTheme).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Navigation_SidebarReachesEverySection()
    {
        var page = await fixture.OpenAsync("");

        foreach (var (item, url, heading) in new[]
                 {
                     ("Customers", "/customers", "Customers"), ("Import", "/import", "Import"),
                     ("Segments", "/segments", "Segments"), ("Personalization", "/personalization", "Personalization"),
                     ("Dashboard", "/", "Dashboard"),
                 })
        {
            await page.Locator(".rz-sidebar").GetByText(item, new() { Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(url) + "$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page).ToHaveTitleAsync($"{heading} · Cdp");
        }
    }

    [Fact]
    public async Task UnknownAddress_ShowsFriendlyNotFoundPage()
    {
        var page = await fixture.OpenAsync("");

        var response = await page.GotoAsync("no-such-page");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByText("There is nothing at this address")).ToBeVisibleAsync();
    }
}
