using System.Diagnostics;
using Cdp.Core.Accounts;
using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Cdp.Bench.Suites;

/// <summary>
/// The public personalisation endpoint under load at 1,000,000 customers: the real app (a process of its own, Production
/// environment) on a personalisation-ready copy of the segments suite's store, called by wrk on loopback with a
/// personalise-only API key, each request for a random customer's homepage (Cdp.Bench/Load/personalize.lua). A warm-up
/// run, then a measured one: requests per second and p99 latency against 2,000/s and 50 ms, with zero errors.
/// </summary>
/// <remarks>
/// Sizes: <c>CDP_BENCH_CUSTOMERS</c> (default 1,000,000), <c>CDP_BENCH_SECONDS</c> (measured run, default 30),
/// <c>CDP_BENCH_CONNECTIONS</c> (default 16). wrk and the app share the machine's cores, as they do on a 2-core box.
/// The app's per-caller rate limit is lifted for the run (it would answer 429 above its default of 5,000/s).
/// </remarks>
internal sealed class LoadSuite : IBenchmarkSuite
{
    private const double MinRequestsPerSecond = 2000;
    private const double MaxP99Ms = 50;

    public string Name => "load";
    public string Description => "wrk against /api/personalize with an API key at 1,000,000 customers: requests/s and p99";

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        var customers = BenchSettings.Size("CDP_BENCH_CUSTOMERS", 1_000_000);
        var seconds = Math.Max(1, BenchSettings.Size("CDP_BENCH_SECONDS", 30));
        var connections = Math.Max(1, BenchSettings.Size("CDP_BENCH_CONNECTIONS", 16));
        var folder = Environment.GetEnvironmentVariable("CDP_BENCH_DIR") ?? Path.GetTempPath();

        var stopwatch = Stopwatch.StartNew();
        using var store = await PersonalizationStore.PrepareCopyAsync("load", folder, customers, cancellationToken);
        var keys = new ApiKeys(new PooledDbContextFactory<CdpDbContext>(SegmentsData.Options(store.Path)), TimeProvider.System);
        var key = (await keys.CreateAsync("load test", ApiKeyScope.Personalize, "bench", cancellationToken)).Secret;
        output.Write(Name, "setup", new Dictionary<string, object> { ["customers"] = customers, ["prepareSeconds"] = Math.Round(stopwatch.Elapsed.TotalSeconds, 1) });

        await using var app = await WebAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["ConnectionStrings:Cdp"] = $"Data Source={store.Path}",
            ["Cdp:Demo:Customers"] = "0",
            ["Cdp:Access:PersonalizePerSecond"] = "1000000",
        }, TimeSpan.FromMinutes(5), cancellationToken);

        var script = Path.Combine(WebAppProcess.RepositoryRoot, "Cdp.Bench", "Load", "personalize.lua");
        string[] arguments = [key, "homepage", customers.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var warmUp = await Wrk.RunAsync(app.BaseUrl, script, arguments, threads: 2, connections, TimeSpan.FromSeconds(10), cancellationToken);
        output.Write(Name, "warm-up", Fields(warmUp, connections));
        var measured = await Wrk.RunAsync(app.BaseUrl, script, arguments, threads: 2, connections, TimeSpan.FromSeconds(seconds), cancellationToken);
        var fields = Fields(measured, connections);
        fields["seconds"] = seconds;
        fields["loadAverage"] = SegmentsSuite.LoadAverage();
        fields["pass"] = measured.RequestsPerSecond >= MinRequestsPerSecond && measured.P99Ms < MaxP99Ms && measured.Errors == 0;
        output.Write(Name, "personalize", fields);
    }

    private static Dictionary<string, object> Fields(WrkResult result, int connections) => new()
    {
        ["connections"] = connections,
        ["requestsPerSecond"] = Math.Round(result.RequestsPerSecond),
        ["requests"] = result.Requests,
        ["p50Ms"] = Math.Round(result.P50Ms, 2),
        ["p99Ms"] = Math.Round(result.P99Ms, 2),
        ["maxMs"] = Math.Round(result.MaxMs, 1),
        ["non2xx"] = result.Non2xx,
        ["socketErrors"] = result.SocketErrors,
    };
}
