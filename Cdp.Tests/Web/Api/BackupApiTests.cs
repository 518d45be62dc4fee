using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cdp.Core.Accounts;
using Cdp.Tests.Web.Browser;
using Microsoft.Data.Sqlite;

namespace Cdp.Tests.Web.Api;

/// <summary><c>GET /api/admin/backup</c> on the running app: a real SQLite copy for admins, nothing for anyone else.</summary>
public class BackupApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private AppServer App => fixture.App;

    [Fact]
    public async Task Backup_AsAdmin_IsASqliteFileWithTheCustomers()
    {
        var (http, _) = await App.Access.SignInOverHttpAsync(AppAccess.AdminEmail, AppAccess.AdminPassword);
        using var _http = http;
        var path = Path.Combine(Path.GetTempPath(), $"cdp-backup-test-{Guid.NewGuid():N}.db");
        try
        {
            using var response = await http.GetAsync("api/admin/backup", Cancel);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Matches(@"^cdp-backup-\d{8}-\d{6}\.db$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            await using (var file = File.Create(path)) await response.Content.CopyToAsync(file, Cancel);
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Customers";
            Assert.Equal((long)ApiFixture.DemoCustomers, await command.ExecuteScalarAsync(Cancel));
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await command.ExecuteScalarAsync(Cancel));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Backup_AsMarketer_Answers403()
    {
        await App.Access.CreateUserAsync("backup-marketer@example.com", "Marketer-pass-2026", Roles.Marketer);
        var (http, _) = await App.Access.SignInOverHttpAsync("backup-marketer@example.com", "Marketer-pass-2026");
        using var _http = http;

        var response = await http.GetAsync("api/admin/backup", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(ApiKeyScope.ReadWrite)]
    [InlineData(ApiKeyScope.Personalize)]
    public async Task Backup_WithAnyApiKey_Answers403(ApiKeyScope scope)
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", await App.Access.CreateApiKeyAsync(scope, $"backup-{scope}"));

        var response = await http.GetAsync("api/admin/backup", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("No API key", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Backup_WithoutSignIn_Answers401()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/admin/backup", Cancel)).StatusCode);
    }
}
