using System.Net;
using System.Text;
using System.Text.Json;

namespace Cdp.Tests.Web.Api;

/// <summary>The bulk render download on the running app with its demo store and demo experiences.</summary>
public class BulkRenderApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Render_NewsletterForEveryoneAsCsv_AttachmentWithARowPerCustomer()
    {
        using var response = await Http.GetAsync("/api/experiences/newsletter/render?format=csv", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("newsletter-everyone-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.StartsWith("\uFEFFcustomerId,email,variant,holdout,subject,preheader,html,text", text);
        Assert.Contains("jeff.miller@example.com", text);
    }

    [Fact]
    public async Task Render_SegmentAsJsonLines_OnlyItsMembers()
    {
        var segment = JsonSerializer.Deserialize<JsonElement>(
            await Http.GetStringAsync("/api/segments", Cancel)).EnumerateArray().Single(s => s.GetProperty("key").GetString() == "beginner-golfers");

        using var response = await Http.GetAsync("/api/experiences/newsletter/render?segment=beginner-golfers&format=jsonl", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var members = JsonSerializer.Deserialize<JsonElement>(await Http.GetStringAsync(
            $"/api/segments/{segment.GetProperty("id").GetInt32()}/customers?take=100", Cancel)).GetProperty("customers")
            .EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).Order();
        Assert.Equal(members, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("customerId").GetInt32()));
        Assert.Contains(lines, l => JsonDocument.Parse(l).RootElement.GetProperty("customerId").GetInt32() == 1);
    }

    [Theory]
    [InlineData("/api/experiences/no-such-thing/render", HttpStatusCode.NotFound)]
    [InlineData("/api/experiences/homepage/render", HttpStatusCode.BadRequest)]
    [InlineData("/api/experiences/newsletter/render?format=xlsx", HttpStatusCode.BadRequest)]
    [InlineData("/api/experiences/newsletter/render?segment=no-such-segment", HttpStatusCode.BadRequest)]
    public async Task Render_BadRequest_Problem(string url, HttpStatusCode status)
    {
        using var response = await Http.GetAsync(url, Cancel);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("detail").GetString()));
    }
}
