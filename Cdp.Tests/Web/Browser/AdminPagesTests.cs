using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>Settings as an admin uses them: users, API keys, the audit log and backups.</summary>
[Collection(BrowserCollection.Name)]
public class AdminPagesTests(BrowserFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_AdminAddsAViewer_ViewerSignsIn_SeesNoSettings()
    {
        var page = await fixture.OpenAsync("admin/users");
        await Expect(page.GetByTestId("nav-settings")).ToBeVisibleAsync();

        await page.GetByTestId("users-add").ClickAsync();
        await page.GetByTestId("add-user-email").FillAsync("new-viewer@example.com");
        await page.GetByTestId("add-user-password").FillAsync("weak");
        await page.GetByTestId("add-user-save").ClickAsync();
        await Expect(page.GetByTestId("add-user-password-error").First).ToContainTextAsync("at least 10 characters");
        await page.GetByTestId("add-user-password").FillAsync("Viewer-pass-2026");
        await page.GetByTestId("add-user-password").PressAsync("Enter");

        var row = page.Locator("[data-testid=user-row][data-email='new-viewer@example.com']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByTestId("user-role")).ToContainTextAsync("Viewer");

        await using var viewerContext = await fixture.App.Access.NewContextAsync(fixture.Browser, email: "new-viewer@example.com", password: "Viewer-pass-2026");
        var viewer = await viewerContext.NewPageAsync();
        await BrowserFixture.GoToAsync(viewer, "");
        await Expect(viewer.GetByTestId("signed-in-role")).ToHaveTextAsync("Viewer");
        await Expect(viewer.GetByText("Segments", new() { Exact = true }).First).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("nav-settings")).ToHaveCountAsync(0);
        await viewer.GotoAsync("admin/users");
        await Expect(viewer.GetByText("Your role does not allow this page")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("users-grid")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Users_DemotingTheOnlyAdmin_IsRefused_TheRowShowsAdminAgain()
    {
        var page = await fixture.OpenAsync("admin/users");
        var row = page.Locator($"[data-testid=user-row][data-email='{AppAccess.AdminEmail}']");

        await row.GetByTestId("user-role").ClickAsync();
        await page.Locator(".rz-popup:visible .rz-dropdown-item", new() { HasText = "Viewer" }).ClickAsync();

        await Expect(page.GetByTestId("users-error")).ToContainTextAsync("only admin");
        await Expect(row.GetByTestId("user-role").Locator(".rz-dropdown-label")).ToHaveTextAsync("Admin");
    }

    [Fact]
    public async Task ApiKeys_CreateShowsTheSecretOnce_KeyWorks_RevokeStopsIt()
    {
        var page = await fixture.OpenAsync("admin/api-keys");

        await page.GetByTestId("keys-create").ClickAsync();
        await page.GetByTestId("create-key-save").ClickAsync();
        await Expect(page.GetByTestId("create-key-error")).ToContainTextAsync("Give the key a name");
        await page.GetByTestId("create-key-name").FillAsync("Nightly export");
        await page.GetByText("Read-write: every API endpoint").ClickAsync();
        await page.GetByTestId("create-key-save").ClickAsync();

        var dialog = page.GetByTestId("key-secret-dialog");
        await Expect(dialog).ToContainTextAsync("will not be shown again");
        var secret = await page.GetByTestId("key-secret").InputValueAsync();
        Assert.StartsWith("cdp_", secret);
        await page.GetByTestId("key-secret-done").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var row = page.Locator("[data-testid=key-row][data-name='Nightly export']");
        await Expect(row).ToContainTextAsync(secret[..12]);
        await Expect(row).ToContainTextAsync("Read-write");
        Assert.DoesNotContain(secret, await page.ContentAsync());

        using var http = new HttpClient { BaseAddress = fixture.App.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/segments", Cancel)).StatusCode);

        await row.GetByTestId("key-revoke").ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(row.GetByTestId("key-status")).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/segments", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Audit_UserAddedInTheUi_IsListed_WithWhoAndWhatItBecame()
    {
        var page = await fixture.OpenAsync("admin/users");
        await page.GetByTestId("users-add").ClickAsync();
        await page.GetByTestId("add-user-email").FillAsync("audited-person@example.com");
        await page.GetByTestId("add-user-password").FillAsync("Audited-pass-2026");
        await page.GetByTestId("add-user-save").ClickAsync();
        await Expect(page.Locator("[data-testid=user-row][data-email='audited-person@example.com']")).ToBeVisibleAsync();

        await BrowserFixture.GoToAsync(page, "admin/audit");
        await page.GetByTestId("audit-text").FillAsync("audited-person");
        await page.GetByTestId("audit-text").PressAsync("Enter");

        var row = page.GetByTestId("audit-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(AppAccess.AdminEmail);
        await Expect(row.GetByTestId("audit-row-action")).ToHaveTextAsync("created");
        await Expect(row).Not.ToContainTextAsync("#");
        await row.Locator(".rz-row-toggler").ClickAsync();
        await Expect(page.GetByTestId("audit-before")).ToContainTextAsync("did not exist");
        await Expect(page.GetByTestId("audit-after")).ToContainTextAsync("\"role\": \"Viewer\"");
        await Expect(page.GetByTestId("audit-after")).Not.ToContainTextAsync("Audited-pass");
    }

    [Fact]
    public async Task Backup_ShowsTheSizeAgainstTheFreeSpace_DownloadIsADatabaseFile()
    {
        var page = await fixture.OpenAsync("admin/backup");
        await Expect(page.GetByTestId("backup-space")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"about [\d,.]+ [KMG]B; .* has [\d,.]+ [KMG]B free"));
        await Expect(page.GetByTestId("backup-no-space")).ToHaveCountAsync(0);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("backup-download").ClickAsync());

        Assert.Matches(@"^cdp-backup-\d{8}-\d{6}\.db$", download.SuggestedFilename);
        var path = await download.PathAsync();
        await using var file = File.OpenRead(path);
        var header = new byte[16];
        await file.ReadExactlyAsync(header, Cancel);
        Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(header));
    }
}
