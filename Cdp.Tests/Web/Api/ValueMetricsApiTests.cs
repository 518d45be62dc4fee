using System.Net;
using System.Text.Json;

namespace Cdp.Tests.Web.Api;

public class ValueMetricsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValueMetrics_SeededStore_ShowsThresholdsMappingAndRecomputes()
    {
        // The demo store was scored when it was seeded.
        var seeded = await GetJsonAsync(await fixture.Http.GetAsync("api/value-metrics", Cancel));
        var thresholds = seeded.GetProperty("thresholds");
        Assert.InRange(thresholds.GetProperty("customersScored").GetInt32(), 1, ApiFixture.DemoCustomers);
        Assert.Equal(4, thresholds.GetProperty("frequency").GetArrayLength());
        Assert.Equal(4, thresholds.GetProperty("recency").GetArrayLength());
        Assert.Equal(11, seeded.GetProperty("segments").GetArrayLength());
        Assert.Equal("Champions", seeded.GetProperty("segments")[0].GetProperty("name").GetString());
        Assert.Equal(5, seeded.GetProperty("lifecycle").GetArrayLength());
        Assert.Contains("P(active)", seeded.GetProperty("clv").GetProperty("predicted").GetString());

        var recomputed = await GetJsonAsync(await fixture.Http.PostAsync("api/value-metrics/recompute", null, Cancel));

        Assert.Equal(thresholds.GetProperty("customersScored").GetInt32(), recomputed.GetProperty("thresholds").GetProperty("customersScored").GetInt32());
        var latest = await GetJsonAsync(await fixture.Http.GetAsync("api/value-metrics", Cancel));
        Assert.Equal(recomputed.GetProperty("thresholds").GetProperty("computedAt").GetString(),
            latest.GetProperty("thresholds").GetProperty("computedAt").GetString());
    }

    private static async Task<JsonElement> GetJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
