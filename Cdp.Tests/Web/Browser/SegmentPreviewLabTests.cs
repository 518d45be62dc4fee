using System.Globalization;
using Cdp.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>TEMPORARY: drives SegmentPreviewPanel through the preview lab page until the builder page mounts it.</summary>
[Collection(BrowserCollection.Name)]
public class SegmentPreviewLabTests(BrowserFixture fixture)
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public async Task Panel_EmptyTreeThenEdits_ShowsCountsOfTheirRevisionAndTheChange()
    {
        var page = await fixture.OpenAsync("segments/preview-lab");
        var preview = page.GetByTestId("preview");
        var count = page.GetByTestId("preview-count");

        await Expect(count).ToHaveAttributeAsync("data-revision", "1");
        await Expect(count).ToHaveTextAsync(BrowserFixture.DemoCustomers.ToString("N0", Us));
        await Expect(page.GetByTestId("preview-everyone")).ToHaveTextAsync("All customers");
        await Expect(page.GetByTestId("preview-share")).ToHaveTextAsync("100.0%");
        await Expect(preview).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(page.GetByTestId("preview-samples").Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(page.GetByTestId("preview-samples").Locator("a").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^customers/\\d+$"));

        await ApplyAsync(page, """{"combinator": "and", "rules": [{"field": "country", "operator": "=", "value": "DE"}, {"field": "ordersCount", "operator": ">", "value": 0}]}""");
        var germans = await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Country = 'DE' AND OrdersCount > 0");
        await Expect(count).ToHaveAttributeAsync("data-revision", "2");
        await Expect(count).ToHaveTextAsync(germans.ToString("N0", Us));
        await Expect(page.GetByTestId("preview-change")).ToHaveTextAsync("\u2212" + (BrowserFixture.DemoCustomers - germans).ToString("N0", Us));
        await Expect(page.GetByTestId("preview-everyone")).ToHaveCountAsync(0);
        await Expect(preview).ToHaveAttributeAsync("aria-busy", "false");
        var de = await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Country = 'DE'");
        await Expect(page.GetByTestId("lab-node-counts")).ToContainTextAsync($"n1: {de}");
        await Expect(page.GetByTestId("lab-node-counts")).ToContainTextAsync($"n0: {germans}");

        await ApplyAsync(page, """{"combinator": "and", "rules": [{"field": "country", "operator": "=", "value": "DE"}, {"field": "ordersCount", "operator": ">", "value": 0}]}""");
        await Expect(count).ToHaveAttributeAsync("data-revision", "3");
        await Expect(page.GetByTestId("preview-change")).ToHaveTextAsync("no change");
    }

    [Fact]
    public async Task Panel_InvalidTreeOrEngineError_KeepsTheLastCountAndSaysWhy()
    {
        var page = await fixture.OpenAsync("segments/preview-lab");
        var count = page.GetByTestId("preview-count");
        await Expect(count).ToHaveAttributeAsync("data-revision", "1");

        await ApplyAsync(page, "{ not json");
        await Expect(page.GetByTestId("preview-stale")).ToContainTextAsync("Fix the highlighted conditions to update the preview");
        await Expect(count).ToHaveAttributeAsync("data-revision", "1");
        await Expect(page.GetByTestId("preview")).ToHaveAttributeAsync("aria-busy", "false");

        await ApplyAsync(page, """{"rules": [{"field": "contry", "operator": "=", "value": "DE"}]}""");
        await Expect(page.GetByTestId("preview-error")).ToContainTextAsync("contry");

        await ApplyAsync(page, """{"rules": [{"field": "country", "operator": "=", "value": "FR"}]}""");   // the circuit survived
        await Expect(count).ToHaveAttributeAsync("data-revision", "4");
        await Expect(page.GetByTestId("preview-error")).ToHaveCountAsync(0);
        await Expect(count).ToHaveTextAsync((await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Country = 'FR'")).ToString("N0", Us));
    }

    [Fact]
    public async Task Panel_Compare_ShowsTheWholeBaseBesideTheSegment()
    {
        var page = await fixture.OpenAsync("segments/preview-lab?rules=" + Uri.EscapeDataString("""{"rules": [{"field": "gender", "operator": "=", "value": "Female"}]}"""));
        await Expect(page.GetByTestId("preview-count")).ToHaveAttributeAsync("data-revision", "1");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Recency × frequency (RFM scores)" })).ToBeVisibleAsync();

        await Expect(page.GetByTestId("preview")).ToHaveAttributeAsync("aria-busy", "false");
        await page.SetViewportSizeAsync(1366, 2200);
        await page.GetByTestId("preview").ScreenshotAsync(new() { Path = "/tmp/panel-shot-1.png" });
        await page.GetByTestId("preview-compare").CheckAsync();
        await Expect(page.Locator(".cdp-rfm-base").First).ToContainTextAsync("all ");
        await Expect(page.GetByText("All customers: $")).ToHaveCountAsync(3);
        await Expect(page.Locator(".rz-legend").First).ToContainTextAsync("All customers");
        await page.GetByTestId("preview").ScreenshotAsync(new() { Path = "/tmp/panel-shot-2.png" });
    }

    private static async Task ApplyAsync(IPage page, string json)
    {
        await page.GetByTestId("lab-rules").FillAsync(json);
        await page.GetByTestId("lab-apply").ClickAsync();
    }

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(fixture.App.ConnectionString, sql);
}
