using Microsoft.Playwright;

namespace Cdp.Tests.Web.Browser;

/// <summary>The personalisation preview's customer search, as a user types into it.</summary>
internal static class PreviewCustomerSearch
{
    /// <summary>
    /// Types into the customer dropdown's search box until <paramref name="expected"/> shows. Radzen's filter box
    /// sometimes drops keys typed while its popup is still opening on a busy machine, so the search is tried again with
    /// the popup open.
    /// </summary>
    public static async Task SearchAsync(IPage page, string search, ILocator expected)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!await page.Locator(".rz-dropdown-filter").IsVisibleAsync()) await page.GetByTestId("preview-customer").ClickAsync();
            await page.Locator(".rz-dropdown-filter").FillAsync("");
            await page.Locator(".rz-dropdown-filter").PressSequentiallyAsync(search, new() { Delay = 30 });
            try
            {
                await expected.WaitForAsync(new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
