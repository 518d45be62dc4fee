using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Import;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Tests.Core.Personalization.Recommendations;

/// <summary>The tables follow the data: recomputed by imports of orders and products, and by seeding.</summary>
public class RecommendationTablesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Orders = """
        Order ID,Email,Order Date,SKU,Product Name,Category,Qty,Unit Price
        1001,anna@example.com,2026-01-05,SET-B,Starter set,Golf,1,300
        1001,anna@example.com,2026-01-05,BALLS,Golf balls,Golf,2,10
        1002,bo@example.com,2026-02-01,SET-B,Starter set,Golf,1,300
        1002,bo@example.com,2026-02-01,BALLS,Golf balls,Golf,1,10
        1003,cy@example.com,2026-02-03,SET-B,Starter set,Golf,1,300
        """;

    [Fact]
    public async Task Import_Orders_RecomputesPairsAndBestSellers()
    {
        await using var harness = await ImportHarness.CreateAsync();

        await harness.ImportAsync(Orders, ImportKind.Orders, new ImportOptions { CreateMissingCustomers = true }, cancellationToken: Cancel);

        var service = new RecommendationService(harness.Database.Factory);
        var cy = await harness.Database.ScalarAsync<int>("SELECT Id FROM Customers WHERE Email = 'cy@example.com'");
        var picks = await service.ForCustomerAsync(cy, 3, Cancel);
        Assert.Equal([("BALLS", "Bought together with Starter set")], picks.Select(r => (r.Sku, r.Reason)));
        Assert.Equal(["SET-B", "BALLS"], (await service.BestSellersAsync("Golf", 5, Cancel)).Select(r => r.Sku));
    }

    [Fact]
    public async Task Import_ProductsWithLevels_RecomputesNextLevel()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Orders, ImportKind.Orders, new ImportOptions { CreateMissingCustomers = true }, cancellationToken: Cancel);

        await harness.ImportAsync("""
            sku,name,category,level,price
            SET-B,Starter set,Golf,Beginner,300
            SET-I,Advance set,Golf,Intermediate,600
            """, ImportKind.Products, cancellationToken: Cancel);

        var service = new RecommendationService(harness.Database.Factory);
        var cy = await harness.Database.ScalarAsync<int>("SELECT Id FROM Customers WHERE Email = 'cy@example.com'");
        var picks = await service.ForCustomerAsync(cy, 3, Cancel);
        Assert.Equal([("BALLS", "Bought together with Starter set"), ("SET-I", "Next level after your beginner Golf gear")],
            picks.Select(r => (r.Sku, r.Reason)));
    }

    [Fact]
    public async Task Import_DryRun_LeavesTablesAsTheyWere()
    {
        await using var harness = await ImportHarness.CreateAsync();

        await harness.ImportAsync(Orders, ImportKind.Orders, new ImportOptions { CreateMissingCustomers = true, DryRun = true }, cancellationToken: Cancel);

        Assert.Equal(0, await harness.Database.ScalarAsync<int>("SELECT COUNT(*) FROM ProductSales"));
    }

    [Fact]
    public async Task Seed_DemoStore_JeffGetsIntermediateClubSetsAndGolfPartners()
    {
        await using var database = await TestDatabase.CreateAsync();
        var seeder = new DemoStoreSeeder(database.Factory, new FixedClock(), new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
        await seeder.SeedAsync(2_000, 20261124, Cancel);

        var picks = await new RecommendationService(database.Factory).ForCustomerAsync(1, 6, Cancel);

        // Jeff owns a beginner club set: the next level leads with intermediate club sets.
        Assert.StartsWith("GSET-I", picks.First(r => r.Reason == "Next level after your beginner Golf gear").Sku, StringComparison.Ordinal);
        Assert.Contains(picks, r => r.Reason.StartsWith("Bought together with ", StringComparison.Ordinal));
        Assert.All(picks, r => Assert.Equal("Golf", r.Category));
        Assert.DoesNotContain(picks, r => r.Sku is "GSET-B01" or "GGLV-X01" or "GBAL-X01" or "GBAL-X02" or "GSHO-B01");
    }
}
