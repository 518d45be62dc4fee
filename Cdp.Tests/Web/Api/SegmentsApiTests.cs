using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cdp.Tests.Web.Api;

/// <summary>The segments API end to end on the running app with its demo store.</summary>
public class SegmentsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    private const string Germans = """{"combinator":"and","rules":[{"field":"country","operator":"=","value":"de"}]}""";

    [Fact]
    public async Task Fields_ListCategoriesTypesOperatorsAndHints()
    {
        var fields = await Http.GetFromJsonAsync<JsonElement>("/api/segments/fields", Cancel);
        var country = fields.EnumerateArray().Single(f => f.GetProperty("key").GetString() == "country");
        Assert.Equal("Geographic", country.GetProperty("category").GetString());
        Assert.Equal("Text", country.GetProperty("type").GetString());
        Assert.Contains("DE", country.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains(fields.EnumerateArray(), f => f.GetProperty("key").GetString() == "attr.loyaltyPoints");
        var age = fields.EnumerateArray().Single(f => f.GetProperty("key").GetString() == "age");
        Assert.True(int.Parse(age.GetProperty("min").GetString()!) < int.Parse(age.GetProperty("max").GetString()!));
    }

    [Fact]
    public async Task Preview_CountsAndBreaksDown_AndBadTreesNameTheNode()
    {
        var preview = await PostAsync("/api/segments/preview", $$"""{"rules":{{Germans}},"perNode":true}""");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var body = await preview.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var count = body.GetProperty("count").GetInt32();
        Assert.Equal(ApiFixture.DemoCustomers, body.GetProperty("total").GetInt32());
        Assert.Equal(count, body.GetProperty("breakdowns").GetProperty("gender").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()));
        Assert.Equal(2, body.GetProperty("nodes").GetArrayLength());

        var bad = await PostAsync("/api/segments/preview",
            """{"rules":{"combinator":"and","rules":[{"combinator":"or","rules":[{"field":"age","operator":">","value":"old"}]}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("rules[0].rules[0].value", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal("rules[0].rules[0].value: expected a whole number", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Update_StaleVersion_Is409NamingWhoAndTheCurrentVersion_WithoutVersionLastWriteWins()
    {
        var created = await PostAsync("/api/segments", $$"""{"name":"Versioned (API)","rules":{{Germans}}}""");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetInt32();
        var loaded = await Http.GetFromJsonAsync<JsonElement>($"/api/segments/{id}", Cancel);
        Assert.Equal(1, loaded.GetProperty("version").GetInt32());

        var first = await PutAsync($"/api/segments/{id}", $$"""{"name":"First (API)","version":1,"rules":{{Germans}}}""");
        var stale = await PutAsync($"/api/segments/{id}", $$"""{"name":"Second (API)","version":1,"rules":{{Germans}}}""");

        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("api key tests", problem.GetProperty("changedBy").GetString());
        Assert.StartsWith("api key tests saved segment \"First (API)\" at ", problem.GetProperty("detail").GetString());
        Assert.Equal("First (API)", (await Http.GetFromJsonAsync<JsonElement>($"/api/segments/{id}", Cancel)).GetProperty("name").GetString());

        var overwrite = await PutAsync($"/api/segments/{id}", $$"""{"name":"Second (API)","version":2,"rules":{{Germans}}}""");
        var unversioned = await PutAsync($"/api/segments/{id}", $$"""{"name":"Third (API)","rules":{{Germans}}}""");
        var badVersion = await PutAsync($"/api/segments/{id}", $$"""{"name":"Fourth (API)","version":"two","rules":{{Germans}}}""");

        Assert.Equal(HttpStatusCode.OK, overwrite.StatusCode);
        Assert.Equal(4, (await unversioned.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
        Assert.Contains("version", (await badVersion.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/segments/{id}", Cancel)).StatusCode);
    }

    private Task<HttpResponseMessage> PutAsync(string url, string json) =>
        Http.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

    [Fact]
    public async Task SavedSegments_CreateExplainPageExportDuplicateAndDelete()
    {
        var created = await PostAsync("/api/segments", $$"""{"name":"Germans (API)","rules":{{Germans}}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var segment = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = segment.GetProperty("id").GetInt32();
        Assert.Equal("germans-api", segment.GetProperty("key").GetString());
        var size = segment.GetProperty("cachedCount").GetInt32();

        var page = await Http.GetFromJsonAsync<JsonElement>($"/api/segments/{id}/customers?skip=0&take=5", Cancel);
        Assert.Equal(size, page.GetProperty("total").GetInt32());
        var firstId = page.GetProperty("customers")[0].GetProperty("id").GetInt32();

        var explain = await PostAsync("/api/segments/explain",
            $$$"""{"customerId":{{{firstId}}},"rules":{"combinator":"and","rules":[{"field":"segment","operator":"in","value":"germans-api"}]}}""");
        Assert.True((await explain.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("matched").GetBoolean());

        var csv = await Http.GetStringAsync($"/api/segments/{id}/export.csv", Cancel);
        Assert.Equal(size + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var exported = await Http.GetFromJsonAsync<JsonElement>($"/api/segments/{id}", Cancel);
        var imported = await PostAsync("/api/segments", exported.GetRawText());
        Assert.Equal("germans-api-2", (await imported.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("key").GetString());

        var user = await PostAsync("/api/segments", """{"name":"Uses Germans","rules":{"rules":[{"field":"segment","operator":"in","value":"germans-api"}]}}""");
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        var refused = await Http.DeleteAsync($"/api/segments/{id}", Cancel);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Uses Germans", await refused.Content.ReadAsStringAsync(Cancel));

        var cycle = await Http.PutAsJsonAsync($"/api/segments/{id}",
            JsonDocument.Parse("""{"name":"Germans (API)","rules":{"rules":[{"field":"segment","operator":"in","value":"uses-germans"}]}}""").RootElement, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("germans-api → uses-germans → germans-api", await cycle.Content.ReadAsStringAsync(Cancel));

        var unnamed = await PostAsync("/api/segments", """{"name":" ","rules":{"rules":[]}}""");
        Assert.Contains("name: is required", await unnamed.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/segments/999999", Cancel)).StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string url, string json) =>
        Http.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);
}
