using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cdp.Tests.Web.Api;

/// <summary>The public personalisation endpoints on the running app with its demo store and demo experiences.</summary>
public class PersonalizeApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string JeffEmail = "jeff.miller@example.com";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Personalize_JeffByEmail_GetsTheBeginnerGolfersVariantWithItsTrace()
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>($"/api/personalize/homepage?email={Uri.EscapeDataString(JeffEmail.ToUpperInvariant())}", Cancel);

        Assert.StartsWith("Beginner golfers", answer.GetProperty("variant").GetString());
        var step = answer.GetProperty("trace")[0];
        Assert.Equal(("beginner-golfers", true), (step.GetProperty("segment").GetString(), step.GetProperty("matched").GetBoolean()));
        Assert.Contains("Browse intermediate clubs", answer.GetProperty("html").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("subject").ValueKind);
    }

    [Fact]
    public async Task Personalize_EmailExperience_HasSubjectPreheaderHtmlAndText()
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>("/api/personalize/newsletter?customerId=1", Cancel);

        Assert.Contains("Jeff", answer.GetProperty("subject").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("text").GetString()));
        Assert.DoesNotContain("<", answer.GetProperty("text").GetString());
        Assert.Contains("<", answer.GetProperty("html").GetString());
    }

    [Fact]
    public async Task Page_RendersTheHomepageAsHtmlThatCannotRunScripts()
    {
        var response = await Http.GetAsync("/p/homepage/1", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("Browse intermediate clubs", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/personalize/homepage", HttpStatusCode.BadRequest, "either customerId")]
    [InlineData("/api/personalize/homepage?customerId=1&email=a@b.c", HttpStatusCode.BadRequest, "either customerId")]
    [InlineData("/api/personalize/homepage?customerId=x1", HttpStatusCode.BadRequest, "\\\"x1\\\" is not the id")]
    [InlineData("/api/personalize/homepage?customerId=99999999", HttpStatusCode.NotFound, "no customer with id 99999999")]
    [InlineData("/api/personalize/homepage?email=nobody@example.com", HttpStatusCode.NotFound, "no customer with the e-mail")]
    [InlineData("/api/personalize/nothing?customerId=1", HttpStatusCode.NotFound, "no experience with key")]
    [InlineData("/p/nothing/1", HttpStatusCode.NotFound, "no experience with key")]
    public async Task Personalize_BadRequests_AreProblemsNamingWhatIsWrong(string path, HttpStatusCode status, string detail)
    {
        var response = await Http.GetAsync(path, Cancel);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Personalize_DraftExperience_IsNotServed()
    {
        const string draft = """
            {"name": "Draft only (API)", "kind": "email", "status": "draft", "holdoutPercent": 0, "variants": [
              {"name": "Everyone", "email": {"subject": "Hello", "html": "<p>Hi</p>"}}]}
            """;
        var created = await Http.PostAsync("/api/experiences", new StringContent(draft, System.Text.Encoding.UTF8, "application/json"), Cancel);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("key").GetString();

        var response = await Http.GetAsync($"/api/personalize/{key}?customerId=1", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("is a draft", await response.Content.ReadAsStringAsync(Cancel));
    }
}
