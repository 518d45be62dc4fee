using Cdp.Core.Audit;
using System.Diagnostics;
using System.Globalization;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Personalization.Rendering;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cdp.Bench.Suites;

/// <summary>
/// Personalisation at benchmark size, on a copy of the segments suite's store (the cached file is never changed): the
/// copy is migrated (experiences, recommendation tables), the recommendation tables computed and the demo segments and
/// experiences added, as a fresh demo store has them. Then (a) decision plus render for one customer by id
/// (<see cref="PersonalizationRenderer.RenderAsync(string, int, bool, CancellationToken)"/>, without reasons) for random
/// customers after a warm-up, for the homepage and the newsletter: median and p99 against 5 ms and 20 ms; (b) the
/// newsletter rendered in bulk for everyone as CSV to <see cref="Stream.Null"/>: e-mails per second against 20,000.
/// </summary>
internal sealed class RenderSuite : IBenchmarkSuite
{
    private const double MaxMedianMs = 5;
    private const double MaxP99Ms = 20;
    private const double MinEmailsPerSecond = 20_000;

    public string Name => "render";
    public string Description => "personalised render for one customer (median, p99) and bulk e-mail render at 1,000,000 customers";

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        var customers = BenchSettings.Size("CDP_BENCH_CUSTOMERS", 1_000_000);
        var samples = BenchSettings.Size("CDP_BENCH_RENDERS", 10_000);
        var folder = Environment.GetEnvironmentVariable("CDP_BENCH_DIR") ?? Path.GetTempPath();
        var seed = new DemoOptions().Seed;

        var stopwatch = Stopwatch.StartNew();
        var source = PersonalizationStore.CachedStore(folder, customers, seed)
                     ?? (await SegmentsData.PrepareAsync(folder, customers, seed, (_, _) => Task.CompletedTask, cancellationToken)).Path;
        using var scratch = new ScratchDatabase("render");
        File.Copy(source, scratch.Path);
        var copySeconds = stopwatch.Elapsed.TotalSeconds;

        var clock = new SegmentsData.FixedClock(SegmentsData.AsOfUtc);
        var factory = new PooledDbContextFactory<CdpDbContext>(SegmentsData.Options(scratch.Path));
        stopwatch.Restart();
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.MigrateAsync(cancellationToken);
            await RecommendationTables.RecomputeAsync(db, cancellationToken);
        }
        var prepareSeconds = stopwatch.Elapsed.TotalSeconds;

        var changes = new DataChanges();
        var engine = new SegmentEngine(factory, clock, changes);
        using var sets = new SegmentSetCounter(factory, engine);
        var segments = new SegmentStore(factory, engine, clock, new AuditLog(factory, clock));
        using var templates = new TemplateRenderer();
        var experiences = new ExperienceStore(factory, templates, clock, new AuditLog(factory, clock));
        var decider = new ExperienceDecider(sets, engine, segments);
        var recommendations = new RecommendationService(factory);
        var models = new PersonalizationModelBuilder(factory, recommendations, sets, engine, Options.Create(new CdpOptions()), clock);
        var renderer = new PersonalizationRenderer(experiences, decider, models, templates, recommendations);
        var bulk = new BulkRenderer(factory, experiences, decider, models, renderer, sets);
        await new DemoSegments(segments).AddMissingAsync(Actor.System, cancellationToken);
        await new DemoExperiences(experiences).AddMissingAsync(Actor.System, cancellationToken);

        int total;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            total = await db.Customers.CountAsync(cancellationToken);
        output.Write(Name, "setup", new Dictionary<string, object>
        {
            ["customers"] = total,
            ["source"] = Path.GetFileName(source),
            ["copySeconds"] = Math.Round(copySeconds, 1),
            ["migrateAndRecommendationTablesSeconds"] = Math.Round(prepareSeconds, 1),
            ["loadAverage"] = SegmentsSuite.LoadAverage(),
        });

        var single = new List<(string Key, double Median, double P99)>();
        foreach (var key in new[] { DemoExperiences.HomepageKey, DemoExperiences.EmailKey })
            single.Add(await OneByOneAsync(output, renderer, key, total, samples, cancellationToken));

        // (b) Everyone, as the export endpoint does it, to a stream that costs nothing: rendering, not the disk.
        stopwatch.Restart();
        var plan = (await bulk.PlanAsync(DemoExperiences.EmailKey, null, cancellationToken))!;
        var planSeconds = stopwatch.Elapsed.TotalSeconds;
        var peak = 0L;
        // CPU time too: on a shared machine the wall time depends on the other jobs, the CPU per e-mail much less.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        stopwatch.Restart();
        var written = await bulk.WriteAsync(plan, BulkRenderFormat.Csv, Stream.Null,
            new Progress<BulkRenderProgress>(_ => peak = Math.Max(peak, Environment.WorkingSet)), cancellationToken);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var perSecond = written / seconds;
        output.Write(Name, "bulk_newsletter_csv", new Dictionary<string, object>
        {
            ["status"] = perSecond >= MinEmailsPerSecond ? "pass" : "FAIL",
            ["emails"] = written,
            ["seconds"] = Math.Round(seconds, 1),
            ["emailsPerSecond"] = Math.Round(perSecond),
            ["cpuSeconds"] = Math.Round(cpuSeconds, 1),
            ["cpuMicrosecondsPerEmail"] = Math.Round(cpuSeconds * 1e6 / Math.Max(1, written), 1),
            ["cores"] = Environment.ProcessorCount,
            ["planSeconds"] = Math.Round(planSeconds, 2),
            ["batchSize"] = BulkRenderer.DefaultBatchSize,
            ["peakWorkingSetMb"] = peak / (1024 * 1024),
            ["loadAverage"] = SegmentsSuite.LoadAverage(),
        });

        foreach (var (key, median, p99) in single)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"render {key,-10} median {median,6:0.00} ms  p99 {p99,6:0.00} ms  {(median < MaxMedianMs && p99 < MaxP99Ms ? "pass" : "FAIL")}"));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulk newsletter  {written:N0} e-mails in {seconds:0.0} s = {perSecond:N0}/s  {(perSecond >= MinEmailsPerSecond ? "pass" : "FAIL")}  CPU {cpuSeconds * 1e6 / Math.Max(1, written):0} µs per e-mail  (load {SegmentsSuite.LoadAverage()})"));
    }

    /// <summary>(a) Decision plus render for random customers, one at a time, as the API does it.</summary>
    private async Task<(string, double, double)> OneByOneAsync(MeasurementWriter output, PersonalizationRenderer renderer, string key, int total,
        int samples, CancellationToken cancellationToken)
    {
        var random = new Random(20261124);
        var first = Stopwatch.StartNew();
        _ = await renderer.RenderAsync(key, 1, withReasons: false, cancellationToken); // computes the kept segment sets
        var firstMs = first.Elapsed.TotalMilliseconds;
        for (var i = 0; i < 1_000; i++)
            _ = await renderer.RenderAsync(key, random.Next(1, total + 1), withReasons: false, cancellationToken);

        var times = new double[samples];
        var clock = new Stopwatch();
        for (var i = 0; i < samples; i++)
        {
            var id = random.Next(1, total + 1);
            clock.Restart();
            _ = await renderer.RenderAsync(key, id, withReasons: false, cancellationToken) ?? throw new InvalidOperationException($"no customer {id}");
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        double At(double q) => Math.Round(times[Math.Min(times.Length - 1, (int)Math.Ceiling(q * times.Length) - 1)], 3);
        var (median, p99) = (At(0.5), At(0.99));
        output.Write(Name, $"one_customer_{key}", new Dictionary<string, object>
        {
            ["status"] = median < MaxMedianMs && p99 < MaxP99Ms ? "pass" : "FAIL",
            ["renders"] = samples,
            ["medianMs"] = median,
            ["p90Ms"] = At(0.9),
            ["p99Ms"] = p99,
            ["maxMs"] = Math.Round(times[^1], 3),
            ["firstRenderMs"] = Math.Round(firstMs, 1),
            ["loadAverage"] = SegmentsSuite.LoadAverage(),
        });
        return (key, median, p99);
    }
}
