using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cdp.Tests.Web.Api;

/// <summary>The experiences API end to end on the running app with its demo store and demo experiences.</summary>
public class ExperiencesApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    private const string Email = """
        {"name": "Welcome (API)", "kind": "email", "status": "draft", "holdoutPercent": 5, "variants": [
          {"name": "Golfers", "segmentKey": "beginner-golfers", "email": {"subject": "Hi {{firstName}}", "html": "<p>Fore!</p>"}},
          {"name": "Everyone", "email": {"subject": "Hello", "preheader": "News", "html": "<p>Hello {{default firstName \"there\"}}</p>"}}]}
        """;

    [Fact]
    public async Task List_DemoStore_HasTheHomepageAndNewsletter()
    {
        var list = await Http.GetFromJsonAsync<JsonElement>("/api/experiences", Cancel);

        var keys = list.EnumerateArray().Select(e => e.GetProperty("key").GetString()).ToList();
        Assert.Contains("homepage", keys);
        Assert.Contains("newsletter", keys);
        var homepage = await Http.GetFromJsonAsync<JsonElement>("/api/experiences/homepage", Cancel);
        Assert.Equal("Homepage", homepage.GetProperty("kind").GetString());
        Assert.Equal("Live", homepage.GetProperty("status").GetString());
        var first = homepage.GetProperty("variants")[0];
        Assert.Equal("beginner-golfers", first.GetProperty("segmentKey").GetString());
        Assert.Equal("Browse intermediate clubs", first.GetProperty("blocks")[0].GetProperty("ctaText").GetString());
    }

    [Fact]
    public async Task Update_StaleVersion_Is409WithTheCurrentVersion()
    {
        var created = await PostAsync("/api/experiences", Email.Replace("Welcome (API)", "Versioned (API)"));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var key = body.GetProperty("key").GetString();
        Assert.Equal(1, body.GetProperty("version").GetInt32());

        var first = await PutAsync($"/api/experiences/{key}", Versioned("First (API)", 1));
        var stale = await PutAsync($"/api/experiences/{key}", Versioned("Second (API)", 1));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        Assert.Contains("First (API)", problem.GetProperty("detail").GetString());
        Assert.Equal("First (API)", (await Http.GetFromJsonAsync<JsonElement>($"/api/experiences/{key}", Cancel)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/experiences/{key}", Cancel)).StatusCode);
    }

    /// <summary>The e-mail experience renamed, with the version its editor started from.</summary>
    private static string Versioned(string name, int version) =>
        Email.Replace("{\"name\": \"Welcome (API)\"", $"{{\"version\": {version}, \"name\": \"{name}\"", StringComparison.Ordinal);

    private Task<HttpResponseMessage> PutAsync(string url, string json) =>
        Http.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

    [Fact]
    public async Task Crud_CreateGetUpdateDuplicateDelete()
    {
        var created = await PostAsync("/api/experiences", Email);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal("welcome-api", body.GetProperty("key").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("/api/experiences/welcome-api", created.Headers.Location?.OriginalString);

        var byId = await Http.GetFromJsonAsync<JsonElement>($"/api/experiences/{id}", Cancel);
        Assert.Equal("Email", byId.GetProperty("kind").GetString());
        Assert.Equal("News", byId.GetProperty("variants")[1].GetProperty("email").GetProperty("preheader").GetString());

        var edited = byId.GetRawText().Replace("\"Draft\"", "\"Live\"", StringComparison.Ordinal);
        var updated = await Http.PutAsync("/api/experiences/welcome-api", Json(edited), Cancel);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal((2, "Live"), (after.GetProperty("version").GetInt32(), after.GetProperty("status").GetString()));

        var copy = await Http.PostAsync($"/api/experiences/{id}/duplicate", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        var copyKey = (await copy.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("key").GetString();
        Assert.Equal("welcome-api-2", copyKey);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/experiences/{copyKey}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/experiences/{id}", Cancel)).StatusCode);
        var gone = await Http.GetAsync($"/api/experiences/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"name": "x", "kind": "email", "variants": [{"name": "A", "segmentKey": "nope", "email": {"subject": "s", "html": "h"}}, {"name": "B"}]}""",
        "variants[0].segmentKey", "there is no segment \"nope\"")]
    [InlineData("""{"name": "x", "kind": "email", "variants": [{"name": "B", "email": {"subject": "s", "html": "<p>\n{{#if firstName}}"}}]}""",
        "variants[0].email.html", "line ")]
    [InlineData("""{"name": "x", "variants": []}""", "kind", "is required: Email or Homepage")]
    [InlineData("""{"name": "x", "kind": "sms", "variants": []}""", "kind", "expected Email or Homepage")]
    [InlineData("""{"name": "x", "kind": "homepage", "variants": [{"name": "B", "blocks": [{"type": "hero", "headline": "h", "count": "many"}]}]}""",
        "variants[0].blocks[0].count", "a whole number")]
    public async Task Create_Invalid_Is400WithThePathOfEachError(string json, string path, string message)
    {
        var response = await PostAsync("/api/experiences", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var error = problem.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("path").GetString() == path);
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Contains(path, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Reach_DemoHomepage_EveryCustomerCountedOnce()
    {
        var reach = await Http.GetFromJsonAsync<JsonElement>("/api/experiences/homepage/reach", Cancel);

        Assert.Equal(ApiFixture.DemoCustomers, reach.GetProperty("total").GetInt32());
        var variants = reach.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(4, variants.Count);
        Assert.Equal(ApiFixture.DemoCustomers, variants.Sum(v => v.GetProperty("customers").GetInt32()));
        Assert.Equal(variants[^1].GetProperty("customers").GetInt32(), reach.GetProperty("default").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/experiences/no-such-thing/reach", Cancel)).StatusCode);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostAsync(string url, string json) => Http.PostAsync(url, Json(json), Cancel);
}
