using System.Globalization;
using System.Text.RegularExpressions;
using Cdp.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class DashboardPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Dashboard_Kpis_EqualWhatTheDatabaseHolds()
    {
        var page = await fixture.OpenAsync("");

        var customers = await ScalarAsync<long>("SELECT COUNT(*) FROM Customers");
        var orders = await ScalarAsync<long>("SELECT COUNT(*) FROM Orders");
        var revenue = Math.Round(await ScalarAsync<decimal>("SELECT SUM(Total) FROM Orders"), 2);
        var aov = Math.Round(revenue / orders, 2);
        var us = CultureInfo.GetCultureInfo("en-US");

        await Expect(page.GetByTestId("kpi-customers")).ToHaveTextAsync(customers.ToString("N0", us));
        await Expect(page.GetByTestId("kpi-orders")).ToHaveTextAsync(orders.ToString("N0", us));
        await Expect(page.GetByTestId("kpi-revenue")).ToHaveTextAsync("$" + revenue.ToString("N2", us));
        await Expect(page.GetByTestId("kpi-aov")).ToHaveTextAsync("$" + aov.ToString("N2", us));
        Assert.Equal(BrowserFixture.DemoCustomers, customers);
    }

    [Fact]
    public async Task Dashboard_ShowsItsFourCharts()
    {
        var page = await fixture.OpenAsync("");

        foreach (var title in new[] { "Revenue by month", "Revenue by category", "Customers by country", "Customers by gender" })
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(page.Locator(".rz-chart svg").First).ToBeVisibleAsync();
        Assert.Equal(4, await page.Locator(".rz-chart").CountAsync());
        await Expect(page).ToHaveTitleAsync("Dashboard · Cdp");
    }

    [Fact]
    public async Task Dashboard_BarAndAreaCharts_ValueAxesStartAtZero()
    {
        var page = await fixture.OpenAsync("");

        foreach (var chart in new[] { "Revenue by month, last 24 months", "Revenue by product category", "Customers by country" })
            await Expect(page.Locator($".rz-chart[aria-label='{chart}'] text").Filter(new() { HasTextRegex = new Regex("^0$") })).ToHaveCountAsync(1);
    }

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(fixture.App.ConnectionString, sql);
}
