using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>Uses an app of its own, because it stops it.</summary>
[Collection(BrowserCollection.Name)]
public class ReconnectTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ServerGone_PageSaysConnectionIsLost()
    {
        await using var app = await AppServer.StartAsync(demoCustomers: 20);
        var context = await app.Access.NewContextAsync(fixture.Browser);
        var page = await context.NewPageAsync();
        await BrowserFixture.GoToAsync(page, "customers");
        var dialog = page.Locator("#components-reconnect-modal");
        await Expect(dialog).ToBeHiddenAsync();

        await app.KillAsync();

        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(dialog.Locator("p:visible").First).ToHaveTextAsync(new Regex("Connection lost|Could not reach the server"));
        await context.CloseAsync();
    }
}
