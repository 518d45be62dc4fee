using Microsoft.Playwright;

namespace Cdp.Bench.Suites;

/// <summary>The first admin of a benchmark's database (created on its first start; later starts keep it), and signing in.</summary>
internal static class BenchSignIn
{
    public const string Email = "bench@example.com";
    public const string Password = "Bench-admin-2026";

    public static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("login");
        await page.GetByTestId("login-email").FillAsync(Email);
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 180_000 });
    }
}
