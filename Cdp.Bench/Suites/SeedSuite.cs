using System.Diagnostics;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Bench.Suites;

/// <summary>Demo store seeding speed: customers (with their orders, lines and favourites) written per second.</summary>
internal sealed class SeedSuite : IBenchmarkSuite
{
    public string Name => "seed";
    public string Description => "demo store seeding at 20,000 and 200,000 customers";

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        foreach (var customers in new[] { 20_000, 200_000 })
        {
            using var database = new ScratchDatabase("seed");
            var options = (DbContextOptions<CdpDbContext>)CoreServiceCollectionExtensions
                .ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), database.ConnectionString).Options;
            var factory = new PooledDbContextFactory<CdpDbContext>(options);
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
                await db.Database.MigrateAsync(cancellationToken);

            var seeder = new DemoStoreSeeder(factory, TimeProvider.System, new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
            var stopwatch = Stopwatch.StartNew();
            var summary = await seeder.SeedAsync(customers, new DemoOptions().Seed, cancellationToken)
                ?? throw new InvalidOperationException("Seeding wrote nothing.");
            stopwatch.Stop();

            output.Write(Name, $"customers_{customers}", new Dictionary<string, object>
            {
                ["customers"] = summary.Customers,
                ["orders"] = summary.Orders,
                ["orderLines"] = summary.OrderLines,
                ["favorites"] = summary.Favorites,
                ["seconds"] = Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
                ["customersPerSecond"] = Math.Round(summary.Customers / stopwatch.Elapsed.TotalSeconds),
                ["databaseMegabytes"] = Math.Round(new FileInfo(database.Path).Length / 1048576.0, 1),
            });
        }
    }
}
