using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cdp.Core.Accounts;
using Cdp.Tests.Web.Browser;

namespace Cdp.Tests.Web.Api;

/// <summary>Who gets in, and what each role and key may do, on the running app.</summary>
public class AccessTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private AppServer App => fixture.App;

    private const string Germans = """{"name":"Germans","rules":{"combinator":"and","rules":[{"field":"country","operator":"=","value":"de"}]}}""";

    /// <summary>Every API endpoint that changes data, with a body it would accept from someone allowed to.</summary>
    private static readonly (HttpMethod Method, string Path, string? Json)[] Mutations =
    [
        (HttpMethod.Post, "api/segments", Germans),
        (HttpMethod.Put, "api/segments/1", Germans),
        (HttpMethod.Post, "api/segments/1/duplicate", null),
        (HttpMethod.Delete, "api/segments/1", null),
        (HttpMethod.Post, "api/experiences", "{}"),
        (HttpMethod.Put, "api/experiences/1", "{}"),
        (HttpMethod.Post, "api/experiences/1/duplicate", null),
        (HttpMethod.Delete, "api/experiences/1", null),
        (HttpMethod.Post, "api/imports", null),
        (HttpMethod.Post, "api/uploads", null),
        (HttpMethod.Post, "api/value-metrics/recompute", null),
    ];

    private static readonly string[] Reads =
    [
        "api/segments", "api/segments/fields", "api/segments/1", "api/segments/1/customers", "api/segments/1/export.csv",
        "api/experiences", "api/experiences/1", "api/experiences/1/reach", "api/customers/export.csv", "api/value-metrics",
        "api/imports/1", "api/experiences/newsletter/render?format=jsonl",
    ];

    private static readonly string[] AdminPages = ["admin/users", "admin/api-keys", "admin/audit", "admin/backup"];

    private static readonly string[] ReadingPages = ["", "customers", "customers/1", "segments", "segments/1", "personalization", "personalization/preview"];

    /// <summary>Pages that only make sense to someone who may change data.</summary>
    private static readonly string[] WritingPages = ["import", "segments/new", "personalization/new"];

    private static readonly string[] Pages = [.. ReadingPages, .. WritingPages];

    [Fact]
    public async Task Api_WithoutKeyOrSignIn_Answers401Problem()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };
        foreach (var path in Reads.Append("api/personalize/homepage?customerId=1").Append("p/homepage/1"))
        {
            var response = await http.GetAsync(path, Cancel);
            Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"GET {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        foreach (var (method, path, json) in Mutations)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, method, path, json)).StatusCode);
    }

    [Fact]
    public async Task Api_UnknownKey_Answers401()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", "cdp_not-a-real-key-at-all");

        var response = await http.GetAsync("api/segments", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pages_WithoutSignIn_RedirectToSignIn_HealthAndSignInPageStayOpen()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseUrl };
        foreach (var path in Pages.Concat(AdminPages))
        {
            var response = await http.GetAsync(path, Cancel);
            Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"/{path}: {response.StatusCode}");
            Assert.StartsWith($"{App.BaseUrl}login?ReturnUrl=", response.Headers.Location!.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("login", Cancel)).StatusCode);
    }

    [Fact]
    public async Task PersonalizeOnlyKey_Personalizes_ButIsRefusedEverythingElse()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", await App.Access.CreateApiKeyAsync(ApiKeyScope.Personalize, "site"));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/personalize/homepage?customerId=1", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("p/homepage/1", Cancel)).StatusCode);
        foreach (var path in Reads)
            Assert.True(HttpStatusCode.Forbidden == (await http.GetAsync(path, Cancel)).StatusCode, $"GET {path}");
        foreach (var (method, path, json) in Mutations)
            Assert.True(HttpStatusCode.Forbidden == (await SendAsync(http, method, path, json)).StatusCode, $"{method} {path}");
        var refused = await http.GetAsync("api/segments", Cancel);
        Assert.Contains("scope (Personalize)", (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Viewer_ReadsEverything_EveryMutationRefusedByTheServer()
    {
        await App.Access.CreateUserAsync("viewer@example.com", "Viewer-pass-2026", Roles.Viewer);
        var (http, signIn) = await App.Access.SignInOverHttpAsync("viewer@example.com", "Viewer-pass-2026");
        using var _ = http;
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var segmentsBefore = await App.CreateHttpClient().GetStringAsync("api/segments", Cancel);

        foreach (var path in Reads.Concat(ReadingPages))
        {
            var status = (await http.GetAsync(path, Cancel)).StatusCode;
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"GET {path}: {status}");
        }
        foreach (var path in WritingPages.Concat(AdminPages).Append("api/admin/backup"))
        {
            var response = await http.GetAsync(path, Cancel);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"GET {path}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("access-denied", response.Headers.Location!.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "api/segments/preview", """{"rules":{"combinator":"and","rules":[]}}""")).StatusCode);
        foreach (var (method, path, json) in Mutations)
        {
            var response = await SendAsync(http, method, path, json);
            Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{method} {path}: {response.StatusCode}");
        }
        Assert.Equal(segmentsBefore, await App.CreateHttpClient().GetStringAsync("api/segments", Cancel));
    }

    [Fact]
    public async Task SignIn_RepeatedWrongPasswords_LockTheAccount()
    {
        await App.Access.CreateUserAsync("locked@example.com", "Right-pass-2026", Roles.Marketer);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (http, wrong) = await App.Access.SignInOverHttpAsync("locked@example.com", "Wrong-pass-2026");
            http.Dispose();
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);   // the form again, with the message
        }
        var (again, right) = await App.Access.SignInOverHttpAsync("locked@example.com", "Right-pass-2026");
        again.Dispose();

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked for", await right.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_LandsOnTheDashboard()
    {
        var (http, signIn) = await App.Access.SignInOverHttpAsync(AppAccess.AdminEmail, AppAccess.AdminPassword, "//evil.example.com/x");
        http.Dispose();

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(App.BaseUrl, new Uri(App.BaseUrl, signIn.Headers.Location!));
    }

    [Fact]
    public async Task Personalize_OverTheRateLimit_Answers429WithRetryAfter()
    {
        await using var app = await AppServer.StartAsync(demoCustomers: 20, new Dictionary<string, string> { ["Cdp:Access:PersonalizePerSecond"] = "3" });
        using var http = app.CreateHttpClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => http.GetAsync("api/personalize/homepage?customerId=1", Cancel)));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = Assert.Single(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Take(1));
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Contains("per second", (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? json) =>
        http.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        }, Cancel);
}
