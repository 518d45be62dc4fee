using System.Diagnostics;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Orders;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Products;
using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Cdp.Core.Demo;

/// <summary>What a seeding run wrote.</summary>
public sealed record DemoStoreSummary(int Products, int Customers, int Orders, int OrderLines, int Favorites, TimeSpan Elapsed);

/// <summary>Writes the generated demo store into the database in one transaction, streaming customer by customer.</summary>
public sealed class DemoStoreSeeder(
    IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock, DataChanges changes, ILogger<DemoStoreSeeder> logger)
{
    /// <summary>The e-mail of Jeff, the beginner golfer of the personalisation demo.</summary>
    public const string JeffEmail = DemoStoreGenerator.JeffEmail;

    private static readonly string[] SeededTables = ["Customers", "Orders", "OrderLines", "Favorites"];

    /// <summary>Seeds an empty database. Does nothing when it already holds customers (seeding is idempotent).</summary>
    public async Task<DemoStoreSummary?> SeedAsync(int customers, int seed, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (customers <= 0 || await db.Customers.AnyAsync(cancellationToken)) return null;

        var stopwatch = Stopwatch.StartNew();
        var generator = new DemoStoreGenerator(seed, clock.GetUtcNow().UtcDateTime);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await BulkLoad.UseLargeCacheAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var indexes = await BulkLoad.DropSecondaryIndexesAsync(db, SeededTables, cancellationToken);

        using var productWriter = new TableWriter<Product>(db, includeGeneratedKey: true);
        using var customerWriter = new TableWriter<Customer>(db, includeGeneratedKey: true);
        using var orderWriter = new TableWriter<Order>(db, includeGeneratedKey: true);
        using var lineWriter = new TableWriter<OrderLine>(db, includeGeneratedKey: true);
        using var favoriteWriter = new TableWriter<Favorite>(db, includeGeneratedKey: true);

        foreach (var product in generator.Products) productWriter.Insert(product);
        int written = 0, orders = 0, lines = 0, favorites = 0;
        foreach (var customer in generator.Customers(customers))
        {
            customerWriter.Insert(customer);
            foreach (var order in customer.Orders)
            {
                orderWriter.Insert(order);
                foreach (var line in order.Lines) lineWriter.Insert(line);
                lines += order.Lines.Count;
            }
            foreach (var favorite in customer.Favorites) favoriteWriter.Insert(favorite);
            orders += customer.Orders.Count;
            favorites += customer.Favorites.Count;
            if (++written % 100_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                logger.LogInformation("Demo store: {Written:N0} of {Total:N0} customers written", written, customers);
            }
        }
        db.CustomAttributeDefinitions.AddRange(DemoStoreGenerator.AttributeTypes.Select(a =>
            new CustomAttributeDefinition { Name = a.Key, Type = a.Value, UpdatedAt = clock.GetUtcNow().UtcDateTime }));
        await db.SaveChangesAsync(cancellationToken);
        await BulkLoad.RebuildIndexesAsync(db, indexes, cancellationToken);
        // As of the day the store is anchored to, so the same seed on the same day still writes the same store;
        // after the indexes are back, because the cut points walk them.
        await ValueMetrics.RecomputeAsync(db, generator.Today, cancellationToken);
        await RecommendationTables.RecomputeAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        changes.Notify();

        var summary = new DemoStoreSummary(generator.Products.Count, written, orders, lines, favorites, stopwatch.Elapsed);
        logger.LogInformation(
            "Demo store seeded in {Elapsed:F1} s: {Customers:N0} customers, {Products:N0} products, {Orders:N0} orders, {Lines:N0} order lines, {Favorites:N0} favourites",
            summary.Elapsed.TotalSeconds, summary.Customers, summary.Products, summary.Orders, summary.OrderLines, summary.Favorites);
        return summary;
    }
}
