using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Cdp.Bench.Suites;

/// <summary>
/// Many people at once for minutes: the real app (a process of its own, a fresh demo store) and N headless Chromium
/// sessions signed in, each repeating what a marketer does — open the builder on a realistic tree, make the builder
/// suite's edits (drop a field, NOT, AND/OR, type a number, move and delete a condition) waiting for the preview after
/// each, then preview one random customer's homepage — with 3-6 s of thought between actions. Counted as
/// errors: page script errors, console errors, HTTP answers of 500 and above, the error boundary or the reconnect dialog
/// on screen, and actions that do not finish within a minute. The server's resident memory is sampled every 5 s;
/// "flat" means it grew by less than 10% from the end of the warm-up (the first two minutes: people arrive over half a
/// minute, and Blazor keeps the circuits of pages left behind for three minutes) to the end.
/// </summary>
/// <remarks>
/// <c>CDP_BENCH_SESSIONS</c> (default 30), <c>CDP_BENCH_MINUTES</c> (default 5), <c>CDP_BENCH_CUSTOMERS</c> (demo store,
/// default 20,000), <c>CDP_CHROMIUM</c>. Build Cdp.Web in the same configuration first.
/// </remarks>
internal sealed class SoakSuite : IBenchmarkSuite
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromMinutes(1);

    public string Name => "soak";
    public string Description => "30 browser sessions editing segments and previewing for 5 minutes: errors and server memory";

    private readonly ConcurrentQueue<string> _errors = new();
    private int _actions;

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        var sessions = Math.Max(1, BenchSettings.Size("CDP_BENCH_SESSIONS", 30));
        var minutes = Math.Max(1, BenchSettings.Size("CDP_BENCH_MINUTES", 5));
        var customers = BenchSettings.Size("CDP_BENCH_CUSTOMERS", 20_000);
        using var database = new ScratchDatabase("soak");
        await using var app = await WebAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["environment"] = "Development",   // serves Radzen's static assets from the build, as `dotnet run` does
            ["ConnectionStrings:Cdp"] = database.ConnectionString,
            ["Cdp:Demo:Customers"] = customers.ToString(CultureInfo.InvariantCulture),
            ["Cdp:Admin:Email"] = BenchSignIn.Email,
            ["Cdp:Admin:Password"] = BenchSignIn.Password,
        }, TimeSpan.FromMinutes(5), cancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CDP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var cpu = CpuShares.Arrange(app.ProcessId, browserCommand: "chromium");
        var signedIn = await SignedInStateAsync(browser, app.BaseUrl);

        var started = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddMinutes(minutes);
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleMemoryAsync(app.ProcessId, started, stopSampling.Token);
        var probing = ProbeServerAsync(app.BaseUrl, started, stopSampling.Token);
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(i => RunSessionAsync(i, browser, app.BaseUrl, signedIn, customers, deadline)));
        await stopSampling.CancelAsync();
        var samples = await sampling;
        var stalls = await probing;

        var serverLog = Path.Combine(Path.GetTempPath(), "cdp-bench-soak-server.log");
        await File.WriteAllTextAsync(serverLog, app.Output, CancellationToken.None);
        var resident = Growth(samples, s => s.ResidentMb);
        var anonymous = Growth(samples, s => s.AnonymousMb);
        output.Write(Name, "sessions", new Dictionary<string, object>
        {
            ["sessions"] = sessions,
            ["minutes"] = minutes,
            ["customers"] = customers,
            ["actions"] = _actions,
            ["errors"] = _errors.Count,
            ["firstErrors"] = _errors.Take(5).ToList(),
            ["rssMbAfterWarmUp"] = resident.AtWarmUp,
            ["rssMbAtEnd"] = resident.AtEnd,
            ["rssGrowthAfterWarmUpPercent"] = resident.Percent,
            ["rssMbByMinute"] = resident.ByMinute,
            ["anonMbAfterWarmUp"] = anonymous.AtWarmUp,
            ["anonMbAtEnd"] = anonymous.AtEnd,
            ["anonGrowthAfterWarmUpPercent"] = anonymous.Percent,
            ["anonMbByMinute"] = anonymous.ByMinute,
            ["loadAverage"] = SegmentsSuite.LoadAverage(),
            ["serverLog"] = serverLog,
            ["cpu"] = cpu.Description,
            ["healthSlowestSeconds"] = stalls.Count > 0 ? Math.Round(stalls.Max(s => s.Seconds), 1) : 0,
            ["healthOver5Seconds"] = stalls.Select(s => $"{s.At:mm\\:ss} {s.Seconds:0.0} s").ToList(),
            // A run shorter than the warm-up says nothing about memory after it.
            ["pass"] = _errors.IsEmpty && resident.AtWarmUp > 0 && resident.Percent < 10,
        });
    }

    private async Task RunSessionAsync(int session, IBrowser browser, Uri baseUrl, string signedIn, int customers, DateTime deadline)
    {
        await Task.Delay(TimeSpan.FromSeconds(session));   // people arrive over half a minute, not in one instant
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(), StorageState = signedIn, ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        // The demo content's images live on other sites, which this loopback-only run must not call: a blank image stands in.
        await context.RouteAsync(url => new Uri(url).Host != baseUrl.Host, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "image/gif", BodyBytes = Convert.FromBase64String("R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="),
        }));
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _errors.Enqueue($"session {session}: script error: {error}");
        page.Console += (_, message) =>
        {
            // A demo image on another site that this loopback-only run cannot reach is not the app's error.
            var elsewhere = Uri.TryCreate(message.Location, UriKind.Absolute, out var where) && where.Host != baseUrl.Host && where.Scheme.StartsWith("http");
            if (message.Type == "error" && !elsewhere) _errors.Enqueue($"session {session}: console: {message.Text} ({message.Location})");
        };
        page.Response += (_, response) => { if (response.Status >= 500) _errors.Enqueue($"session {session}: HTTP {response.Status} {response.Url}"); };
        var random = new Random(session);

        while (DateTime.UtcNow < deadline)
        {
            var step = "open the builder";
            try
            {
                await page.GotoAsync("segments/new?rules=" + Uri.EscapeDataString(BuilderEdits.StartingTree));
                await page.Locator(".segment-builder[data-builder-ready=true]").WaitForAsync();
                await PreviewSettledAsync(page, random);
                foreach (var edit in BuilderEdits.Cycle)
                {
                    if (DateTime.UtcNow >= deadline) return;
                    step = edit.Name;
                    await edit.ActAsync(page);
                    await PreviewSettledAsync(page, random);
                }
                step = "preview a customer's homepage";
                await page.GotoAsync($"personalization/preview?experience=homepage&customer={random.Next(1, customers + 1)}");
                await page.GetByTestId("preview-variant").WaitForAsync();
                Interlocked.Increment(ref _actions);
                await CheckScreenAsync(page, session, step);
                await page.WaitForTimeoutAsync(ThinkMilliseconds(random));
            }
            catch (TimeoutException e)
            {
                _errors.Enqueue($"session {session}: {step} did not finish within {ActionTimeout.TotalSeconds} s: {FirstLine(e.Message)}");
            }
            catch (PlaywrightException e)
            {
                // E.g. the page reloaded itself during a navigation: counted, and the session starts its loop again.
                _errors.Enqueue($"session {session}: {step} failed: {FirstLine(e.Message)}");
            }
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0];
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    /// <summary>A few seconds of thought, then the preview has its answer (it debounces, then counts).</summary>
    private async Task PreviewSettledAsync(IPage page, Random random)
    {
        await page.WaitForTimeoutAsync(ThinkMilliseconds(random));
        await page.Locator("[data-testid=preview][aria-busy=false]").WaitForAsync();
        Interlocked.Increment(ref _actions);
    }

    /// <summary>What a person takes between two actions: looking at the count, choosing the next edit.</summary>
    private static float ThinkMilliseconds(Random random) => 3000 + random.Next(3000);

    private async Task CheckScreenAsync(IPage page, int session, string step)
    {
        if (await page.GetByText("Something went wrong on this page").CountAsync() > 0)
            _errors.Enqueue($"session {session}: the error boundary showed after: {step}");
        if (await page.Locator("#components-reconnect-modal.components-reconnect-show").CountAsync() > 0)
            _errors.Enqueue($"session {session}: the reconnect dialog showed after: {step}");
    }

    private static async Task<string> SignedInStateAsync(IBrowser browser, Uri baseUrl)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
        var page = await context.NewPageAsync();
        await BenchSignIn.SignInAsync(page);
        return await context.StorageStateAsync();
    }

    /// <summary>
    /// Asks /health once a second; the answers slower than 5 s say when the server itself stalled (a long collection,
    /// starved threads) as opposed to a browser waiting for its turn.
    /// </summary>
    private static async Task<List<(TimeSpan At, double Seconds)>> ProbeServerAsync(Uri baseUrl, Stopwatch clock, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        var slow = new List<(TimeSpan, double)>();
        while (!stop.IsCancellationRequested)
        {
            var asked = clock.Elapsed;
            try { (await http.GetAsync("health", stop)).Dispose(); }
            catch (OperationCanceledException) { break; }
            catch (HttpRequestException) { }
            var seconds = (clock.Elapsed - asked).TotalSeconds;
            if (seconds > 5) slow.Add((asked, seconds));
            try { await Task.Delay(TimeSpan.FromSeconds(1), stop); } catch (OperationCanceledException) { }
        }
        return slow;
    }

    private readonly record struct MemorySample(TimeSpan At, double ResidentMb, double AnonymousMb);

    private static (double AtWarmUp, double AtEnd, double Percent, List<double> ByMinute) Growth(List<MemorySample> samples, Func<MemorySample, double> megabytes)
    {
        var atWarmUp = samples.Where(s => s.At >= WarmUp).Select(megabytes).FirstOrDefault();
        var atEnd = samples.Count > 0 ? megabytes(samples[^1]) : 0;
        var percent = atWarmUp > 0 ? Math.Round((atEnd - atWarmUp) / atWarmUp * 100, 1) : 0;
        var byMinute = samples.GroupBy(s => (int)s.At.TotalMinutes).Select(g => Math.Round(g.Average(megabytes))).ToList();
        return (Math.Round(atWarmUp), Math.Round(atEnd), percent, byMinute);
    }

    /// <summary>
    /// Every 5 s, the server's resident memory and, of that, its anonymous (private) part: the rest is files mapped
    /// into the process — the program's own binaries and the database pages SQLite reads through mmap, which are the
    /// operating system's file cache, shared between the connections that map them.
    /// </summary>
    private static async Task<List<MemorySample>> SampleMemoryAsync(int processId, Stopwatch clock, CancellationToken stop)
    {
        var samples = new List<MemorySample>();
        while (!stop.IsCancellationRequested)
        {
            var status = File.ReadLines($"/proc/{processId}/status").ToList();
            samples.Add(new MemorySample(clock.Elapsed, StatusMegabytes(status, "VmRSS:"), StatusMegabytes(status, "RssAnon:")));
            try { await Task.Delay(TimeSpan.FromSeconds(5), stop); } catch (OperationCanceledException) { }
        }
        return samples;
    }

    private static double StatusMegabytes(List<string> status, string field)
    {
        var line = status.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
