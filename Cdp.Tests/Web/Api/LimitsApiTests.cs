using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cdp.Tests.Web.Browser;

namespace Cdp.Tests.Web.Api;

/// <summary>
/// An app with small limits (16 KB bodies, 4 KB templates, 6 KB experiences, 10 nodes, 3 levels) and a preview time
/// limit too short for any preview to finish, so that each limit can be hit with small requests.
/// </summary>
public sealed class LimitsApiFixture : IAsyncLifetime
{
    public AppServer App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await AppServer.StartAsync(20, new Dictionary<string, string>
        {
            ["Cdp:Limits:MaxRequestBodyKilobytes"] = "16",
            ["Cdp:Limits:MaxTemplateKilobytes"] = "4",
            ["Cdp:Limits:MaxExperienceKilobytes"] = "6",
            ["Cdp:Limits:MaxRuleNodes"] = "10",
            ["Cdp:Limits:MaxRuleDepth"] = "3",
            // A microsecond: the preview's first query outlasts it, so every preview is stopped.
            ["Cdp:Limits:PreviewSeconds"] = "0.000001",
        });
        Http = App.CreateHttpClient(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

public class LimitsApiTests(LimitsApiFixture fixture) : IClassFixture<LimitsApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    private const string Condition = """{"field":"country","operator":"=","value":"DE"}""";

    [Fact]
    public async Task Body_AboveTheLimit_Is413NamingTheLimitAndTheSize()
    {
        var json = $$$"""{"name":"Big","description":"{{{new string('x', 20 * 1024)}}}","rules":{"rules":[{{{Condition}}}]}}""";

        var response = await Http.PostAsync("/api/segments", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is too large", problem.GetProperty("title").GetString());
        Assert.Equal("The request body is 21 KB; a JSON API request is at most 16 KB (Cdp:Limits:MaxRequestBodyKilobytes).",
            problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("Big", await Http.GetStringAsync("/api/segments", Cancel));
    }

    [Fact]
    public async Task Body_AboveTheLimitWithoutLength_Is413NamingTheLimit()
    {
        var json = $$$"""{"name":"Chunked","description":"{{{new string('x', 20 * 1024)}}}","rules":{"rules":[{{{Condition}}}]}}""";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/segments") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Http.SendAsync(request, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 16 KB (Cdp:Limits:MaxRequestBodyKilobytes)", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_AboveTheJsonLimit_KeepsItsOwnLimit()
    {
        var csv = "email,first name\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"upload{i}@example.com,Name{i}\n"));
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "big.csv");
        Assert.True(csv.Length > 32 * 1024);

        var response = await Http.PostAsync("/api/uploads", content, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RuleTree_TooManyNodes_Is400NamingTheCountAndTheLimit()
    {
        var rules = $$"""{"rules":[{{string.Join(",", Enumerable.Repeat(Condition, 12))}}]}""";

        foreach (var url in new[] { "/api/segments", "/api/segments/preview" })
        {
            var response = await PostAsync(url, $$"""{"name":"Many","rules":{{rules}}}""");

            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("the tree has 13 nodes (groups and conditions); at most 10 are allowed (Cdp:Limits:MaxRuleNodes)",
                problem.GetProperty("errors")[0].GetProperty("message").GetString());
        }
        Assert.DoesNotContain("\"Many\"", await Http.GetStringAsync("/api/segments", Cancel));
    }

    [Fact]
    public async Task RuleTree_TooDeep_Is400NamingTheDepthAndTheLimit()
    {
        var rules = $$"""{"rules":[{"rules":[{"rules":[{{Condition}}]}]}]}""";   // root, two groups, the condition: 4 levels

        var response = await PostAsync("/api/segments", $$"""{"name":"Deep","rules":{{rules}}}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("the tree is 4 levels deep; at most 3 are allowed (Cdp:Limits:MaxRuleDepth)", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Experience_TemplateFieldTooLarge_Is400NamingTheFieldAndTheLimit()
    {
        var html = "<p>" + new string('x', 5 * 1024) + "</p>";

        var response = await PostAsync("/api/experiences", Email(html));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("variants[0].email.html: is 6 KB; a template field is at most 4 KB (Cdp:Limits:MaxTemplateKilobytes)",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Experience_TemplatesTogetherTooLarge_Is400NamingTheTotalAndTheLimit()
    {
        var html = "<p>" + new string('x', 3 * 1024) + "</p>";
        var json = $$$"""
            {"name": "Too much", "kind": "email", "variants": [
              {"name": "A", "segmentKey": "beginner-golfers", "email": {"subject": "Hi", "html": "{{{html}}}"}},
              {"name": "B", "email": {"subject": "Hi", "html": "{{{html}}}"}}]}
            """;

        var response = await PostAsync("/api/experiences", json);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("variants: the templates of all variants total 7 KB; an experience is at most 6 KB (Cdp:Limits:MaxExperienceKilobytes)",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Preview_OverTheTimeLimit_Is422WithTheMessage()
    {
        // Many conditions, counted node by node: far more work than the limit allows.
        var rules = $$"""{"rules":[{{string.Join(",", Enumerable.Repeat(Condition, 8))}}]}""";

        var response = await PostAsync("/api/segments/preview", $$"""{"rules":{{rules}},"perNode":true}""");

        var problem = await ProblemAsync(response, (HttpStatusCode)422);
        Assert.Equal("The preview took too long", problem.GetProperty("title").GetString());
        Assert.StartsWith("The preview was stopped after ", problem.GetProperty("detail").GetString());
        Assert.Contains("Cdp:Limits:PreviewSeconds", problem.GetProperty("detail").GetString());
    }

    private static string Email(string html) => $$$"""
        {"name": "Big template", "kind": "email", "variants": [{"name": "Everyone", "email": {"subject": "Hi", "html": "{{{html}}}"}}]}
        """;

    private Task<HttpResponseMessage> PostAsync(string url, string json) =>
        Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }
}
