using System.Globalization;
using System.Text.RegularExpressions;
using Cdp.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>The builder's live preview panel, driven through the builder page.</summary>
[Collection(BrowserCollection.Name)]
public class SegmentPreviewPanelTests(BrowserFixture fixture)
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    private const string GermanBuyers = """
        {"combinator":"and","rules":[
          {"id":"de","field":"country","operator":"=","value":"DE"},
          {"id":"buyers","field":"ordersCount","operator":">","value":0}]}
        """;

    [Fact]
    public async Task Preview_EmptyTree_ShowsAllCustomersAndSamplesLinkingToProfiles()
    {
        var page = await OpenAsync("segments/new");

        await ExpectSettledAsync(page);
        await Expect(page.GetByTestId("preview-count")).ToHaveTextAsync(BrowserFixture.DemoCustomers.ToString("N0", Us));
        await Expect(page.GetByTestId("preview-everyone")).ToHaveTextAsync("All customers");
        await Expect(page.GetByTestId("preview-share")).ToHaveTextAsync("100.0%");
        var samples = page.GetByTestId("preview-samples");
        await Expect(samples.Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(samples.Locator("a").First).ToHaveAttributeAsync("href", new Regex(@"^customers/\d+$"));
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Recency × frequency (RFM scores)" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Preview_Edits_ShowTheCountOfTheirRevisionTheChangeAndNodeCounts()
    {
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(GermanBuyers));
        var germanBuyers = await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Country = 'DE' AND OrdersCount > 0");
        var germans = await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Country = 'DE'");

        await ExpectSettledAsync(page);
        await Expect(page.GetByTestId("preview-count")).ToHaveTextAsync(germanBuyers.ToString("N0", Us));
        await Expect(page.GetByTestId("preview-everyone")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("condition").First.GetByTestId("node-count")).ToHaveTextAsync(germans.ToString("N0", Us));

        await page.GetByTestId("group").First.GetByTestId("not-toggle").First.ClickAsync();   // everyone else
        await ExpectSettledAsync(page);
        var others = BrowserFixture.DemoCustomers - germanBuyers;
        await Expect(page.GetByTestId("preview-count")).ToHaveTextAsync(others.ToString("N0", Us));
        await Expect(page.GetByTestId("preview-change")).ToHaveTextAsync(Signed(others - germanBuyers));

        await page.GetByTestId("undo").ClickAsync();
        await ExpectSettledAsync(page);
        await Expect(page.GetByTestId("preview-count")).ToHaveTextAsync(germanBuyers.ToString("N0", Us));
        await Expect(page.GetByTestId("preview-change")).ToHaveTextAsync(Signed(germanBuyers - others));
    }

    [Fact]
    public async Task Preview_FewLargeCountries_CountryBarsStartAtZero()
    {
        const string threeCountries = """{"combinator":"and","rules":[{"id":"c","field":"country","operator":"in","value":["US","GB","DE"]}]}""";
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(threeCountries));
        await ExpectSettledAsync(page);

        // Radzen fitted this axis to the counts (it began near the smallest), so one bar looked several times another.
        var countries = page.Locator(".rz-chart[aria-label='Segment customers by country, top ten']");
        await Expect(countries.Locator("text").Filter(new() { HasTextRegex = new Regex("^0$") })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Preview_Compare_ShowsTheWholeBaseBesideTheSegment()
    {
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(GermanBuyers));
        await ExpectSettledAsync(page);

        await page.GetByTestId("preview-compare").CheckAsync();

        await Expect(page.GetByText("All customers: $")).ToHaveCountAsync(3);   // revenue, per customer, order value
        await Expect(page.Locator(".cdp-rfm-base").First).ToContainTextAsync("all ");
        await Expect(page.Locator(".rz-legend").First).ToContainTextAsync("All customers");
    }

    /// <summary>The panel has caught up with the builder's last edit and is idle.</summary>
    private static async Task ExpectSettledAsync(IPage page)
    {
        var revision = await page.Locator(".segment-builder").GetAttributeAsync("data-revision");
        await Expect(page.GetByTestId("preview-count")).ToHaveAttributeAsync("data-revision", revision!);
        await Expect(page.GetByTestId("preview")).ToHaveAttributeAsync("aria-busy", "false");
    }

    private static string Signed(long delta) =>
        delta switch { > 0 => "+" + delta.ToString("N0", Us), < 0 => "\u2212" + (-delta).ToString("N0", Us), _ => "no change" };

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await fixture.OpenAsync(path);
        await page.Locator(".segment-builder[data-builder-ready=true]").WaitForAsync();
        return page;
    }

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(fixture.App.ConnectionString, sql);
}
