using Microsoft.Playwright;

namespace Cdp.Tests.Web.Browser;

/// <summary>One running app and one headless Chromium, shared by the browser tests of a collection.</summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Small enough to seed in a moment, large enough for several pages of customers.</summary>
    public const int DemoCustomers = 300;

    private IPlaywright? _playwright;

    public AppServer App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async ValueTask InitializeAsync()
    {
        // Assertions wait as long as actions do: on a busy machine a search or a count can take more than the default 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        App = await AppServer.StartAsync(DemoCustomers, Settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context, signed in as the admin, with a page at the given path once the page is live.</summary>
    public async Task<IPage> OpenAsync(string path = "")
    {
        var context = await App.Access.NewContextAsync(Browser, new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        var page = await context.NewPageAsync();
        await GoToAsync(page, path);
        return page;
    }

    /// <summary>Navigates and waits until the Blazor circuit is connected, so clicks and typing reach the server.</summary>
    public static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("CDP_CHROMIUM") ?? "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Chromium not found at {path}. Run ./test.sh (it installs it) or set CDP_CHROMIUM.");
    }
}

[CollectionDefinition(Name)]
public class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
