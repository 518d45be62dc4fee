using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cdp.Core;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Segments.Values;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Bench.Suites;

/// <summary>
/// The segments suite's database: the demo store at benchmark size (its behaviour mix gives about five order lines
/// per customer, so 1,000,000 customers carry about 5,000,000 lines), seeded at a fixed moment so that relative-date
/// rules select the same customers on any day, with behavioural and value metrics recomputed in SQL at that moment.
/// Generating a million customers takes minutes, so the file is kept in <c>CDP_BENCH_DIR</c> under a name made of the
/// size, the seed, the moment and the schema: a rerun reuses it, a schema change (tables, indexes) regenerates it. After
/// changing how the store or its metrics are computed, delete the file (or change <see cref="Recipe"/>).
/// </summary>
internal static class SegmentsData
{
    /// <summary>The moment the store is generated at and every rule is evaluated at.</summary>
    public static readonly DateTime AsOfUtc = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Changes when what is generated into the file changes (not the schema: that is keyed separately).</summary>
    private const string Recipe = "r1";

    public sealed record Prepared(string Path, bool Cached, double Seconds);

    public static DbContextOptions<CdpDbContext> Options(string path, params IInterceptor[] interceptors) =>
        (DbContextOptions<CdpDbContext>)CoreServiceCollectionExtensions
            .ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), $"Data Source={path}").AddInterceptors(interceptors).Options;

    /// <summary>Returns the cached database for this size, generating it first when there is none.</summary>
    public static async Task<Prepared> PrepareAsync(string folder, int customers, int seed,
        Func<PooledDbContextFactory<CdpDbContext>, CancellationToken, Task> afterSeeding, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"cdp-bench-segments-{customers}-{seed}-{AsOfUtc:yyyyMMdd}-{SchemaKey()}.db");
        if (File.Exists(path)) return new Prepared(path, true, 0);

        // Generate under another name and rename when complete, so an interrupted run never leaves a half-filled cache.
        var partial = path + ".partial";
        DeleteDatabase(partial);
        var stopwatch = Stopwatch.StartNew();
        var factory = new PooledDbContextFactory<CdpDbContext>(Options(partial));
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }
        var seeder = new DemoStoreSeeder(factory, new FixedClock(AsOfUtc), new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
        _ = await seeder.SeedAsync(customers, seed, cancellationToken) ?? throw new InvalidOperationException("Seeding wrote nothing.");
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await CustomerMetrics.RecomputeAsync(db, null, cancellationToken);
            // Seeding scores value metrics at the start of its day; score them again at the moment rules are evaluated.
            await ValueMetrics.RecomputeAsync(db, AsOfUtc, cancellationToken);
        }
        await afterSeeding(factory, cancellationToken);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        SqliteConnection.ClearAllPools();
        File.Move(partial, path);
        DeleteDatabase(partial);
        return new Prepared(path, false, Math.Round(stopwatch.Elapsed.TotalSeconds, 1));
    }

    /// <summary>Rows in the main tables, for the report.</summary>
    public static async Task<Dictionary<string, object>> CountsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, object>();
        foreach (var table in new[] { "Customers", "Orders", "OrderLines", "Products", "Favorites" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            counts[char.ToLowerInvariant(table[0]) + table[1..]] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        return counts;
    }

    /// <summary>
    /// A short hash of the recipe, the migrations and the schema the model creates (tables and indexes), so that a new
    /// migration or an index changed in place both mean a new file.
    /// </summary>
    private static string SchemaKey()
    {
        using var db = new CdpDbContext(Options(":memory:"));
        var text = Recipe + "|" + string.Join("|", db.Database.GetMigrations()) + "|" + db.Database.GenerateCreateScript();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
    }

    /// <summary>A clock stopped at one moment, so the generated store and relative dates do not move with the day.</summary>
    public sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
