using System.Diagnostics;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Bench.Suites;

/// <summary>Value metrics recomputation (RFM scores, segments, predicted CLV) over a seeded demo store.</summary>
internal sealed class ValuesSuite : IBenchmarkSuite
{
    public string Name => "values";
    public string Description => "RFM and CLV recomputation over 1,000,000 demo customers (CDP_BENCH_CUSTOMERS)";

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        var customers = int.TryParse(Environment.GetEnvironmentVariable("CDP_BENCH_CUSTOMERS"), out var n) ? n : 1_000_000;
        // CDP_BENCH_VALUES_DB keeps the seeded store (and reuses it next time): seeding a million customers takes minutes.
        var kept = Environment.GetEnvironmentVariable("CDP_BENCH_VALUES_DB");
        using var scratch = kept is null ? new ScratchDatabase("values") : null;
        var connectionString = kept is null ? scratch!.ConnectionString : $"Data Source={kept}";
        var options = (DbContextOptions<CdpDbContext>)CoreServiceCollectionExtensions
            .ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), connectionString).Options;
        var factory = new PooledDbContextFactory<CdpDbContext>(options);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            await db.Database.MigrateAsync(cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var seeder = new DemoStoreSeeder(factory, TimeProvider.System, new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
        var summary = await seeder.SeedAsync(customers, new DemoOptions().Seed, cancellationToken);
        if (summary is not null)
            output.Write(Name, "seed", new Dictionary<string, object>
            {
                ["customers"] = summary.Customers,
                ["orders"] = summary.Orders,
                ["seconds"] = Math.Round(stopwatch.Elapsed.TotalSeconds, 1),
            });
        int stored;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            stored = await db.Customers.CountAsync(cancellationToken);

        // Predicted CLV changes once a day, so a run for a day nobody was scored for rewrites every scored customer
        // (as after each day's first import), and a second run that day writes only what changed.
        var today = DateTime.UtcNow;
        var runs = new (string Name, DateTime AsOf)[]
        {
            ("recompute_full_1", today.AddDays(1)), ("recompute_full_2", today.AddDays(2)),
            ("recompute_same_day_1", today.AddDays(2).AddHours(1)), ("recompute_same_day_2", today.AddDays(2).AddHours(2)),
        };
        foreach (var (measurement, asOf) in runs)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            stopwatch.Restart();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var thresholds = await ValueMetrics.RecomputeAsync(db, asOf, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            output.Write(Name, measurement, new Dictionary<string, object>
            {
                ["customers"] = stored,
                ["scored"] = thresholds.CustomersScored,
                ["seconds"] = Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
                ["frequencyCutPoints"] = thresholds.Frequency,
                ["monetaryCutPoints"] = thresholds.Monetary,
                ["loadAverage"] = ImportSuite.LoadAverage(),
            });
        }
    }
}
