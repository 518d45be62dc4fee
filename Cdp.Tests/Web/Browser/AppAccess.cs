using System.Collections.Concurrent;
using Cdp.Core;
using Cdp.Core.Accounts;
using Cdp.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cdp.Tests.Web.Browser;

/// <summary>
/// Gets tests into a running app the way people and programs do: API keys and users are written to the app's
/// database with the app's own services; browsers sign in through the sign-in page.
/// </summary>
public sealed class AppAccess(AppServer app)
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Test-admin-2026";

    private readonly ConcurrentDictionary<string, Task<string>> _signedIn = new();

    /// <summary>The settings that make the app create the first admin the tests sign in as.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Cdp:Admin:Email"] = AdminEmail,
        ["Cdp:Admin:Password"] = AdminPassword,
    };

    public async Task<string> CreateApiKeyAsync(ApiKeyScope scope = ApiKeyScope.ReadWrite, string name = "tests")
    {
        var options = CoreServiceCollectionExtensions.ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), app.ConnectionString);
        var keys = new ApiKeys(new PooledDbContextFactory<CdpDbContext>((DbContextOptions<CdpDbContext>)options.Options), TimeProvider.System);
        return (await keys.CreateAsync(name, scope, "tests")).Secret;
    }

    /// <summary>A user with one role, as an admin would add them.</summary>
    public async Task CreateUserAsync(string email, string password, string role)
    {
        var services = new ServiceCollection().AddLogging()
            .AddDbContext<CdpDbContext>(o => CoreServiceCollectionExtensions.ConfigureSqlite(o, app.ConnectionString));
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<CdpDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
    }

    /// <summary>
    /// An HTTP client signed in through the sign-in form (cookies kept, redirects not followed), as a browser would
    /// be; <paramref name="signIn"/> is the response to the form post.
    /// </summary>
    public async Task<(HttpClient Http, HttpResponseMessage SignIn)> SignInOverHttpAsync(string email, string password, string returnUrl = "")
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(60),
        };
        var form = await http.GetStringAsync("login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await http.PostAsync("login" + (returnUrl.Length > 0 ? "?ReturnUrl=" + Uri.EscapeDataString(returnUrl) : ""),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
            }));
        return (http, response);
    }

    /// <summary>A browser context signed in as the given user (the admin by default), with its own page state.</summary>
    public async Task<IBrowserContext> NewContextAsync(IBrowser browser, BrowserNewContextOptions? options = null,
        string email = AdminEmail, string password = AdminPassword)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= app.BaseUrl.ToString();
        options.StorageState = await _signedIn.GetOrAdd(email, _ => SignInAsync(browser, email, password));
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Signs in once through the sign-in page and keeps the cookies, so each test's context starts signed in.</summary>
    private async Task<string> SignInAsync(IBrowser browser, string email, string password)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return await context.StorageStateAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
