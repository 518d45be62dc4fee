using System.Data.Common;
using Cdp.Core;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Products;
using Cdp.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cdp.Tests.Core.Personalization.Recommendations;

/// <summary>
/// Recommendations on a small hand-made store whose answers are worked out by hand below. Purchases (order lines
/// with a positive quantity) per product: Starter Club Set 5, Golf Balls 3, Advance Putter 3, Golf Glove 2,
/// Advance Club Set 1, Tent 1, Stove 1; Tour Club Set and Trail Boots never sold. Orders holding both: Starter Club
/// Set with Golf Balls 3, with Golf Glove 2; Golf Balls with Golf Glove 1.
/// </summary>
public class RecommendationServiceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly DateTime Day = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private const string Together = "Bought together with Starter Club Set";
    private const string BeginnerGolf = "Next level after your beginner Golf gear";

    private sealed class Store : IAsyncDisposable
    {
        public required TestDatabase Database { get; init; }
        public required RecommendationService Service { get; init; }
        public required Dictionary<string, Product> Products { get; init; }
        public required Dictionary<string, Customer> Customers { get; init; }

        public int Id(string product) => Products[product].Id;

        public async Task<List<(string Name, string Reason)>> ForAsync(string customer, int take) =>
            (await Service.ForCustomerAsync(Customers[customer].Id, take, Cancel)).Select(r => (r.Name, r.Reason)).ToList();

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static Product Make(string name, string category, string? subcategory, string? level, decimal price)
    {
        var product = ProductBuilder.Make(category, level, price);
        product.Name = name;
        product.Subcategory = subcategory;
        product.ImageUrl = $"https://store.example.com/images/{product.Sku.ToLowerInvariant()}.jpg";
        product.ProductUrl = $"https://store.example.com/p/{product.Sku.ToLowerInvariant()}";
        return product;
    }

    /// <param name="extra">More customers for one test, built from the store's products.</param>
    private static async Task<Store> CreateStoreAsync(Func<Dictionary<string, Product>, IEnumerable<(string Key, Customer Customer)>>? extra = null)
    {
        // Saved in this order, so product ids follow it: ties between products go to the one listed first.
        Product[] catalogue =
        [
            Make("Starter Club Set", "Golf", "Club Sets", "beginner", 349m),
            Make("Golf Balls", "Golf", "Golf Balls", null, 29m),
            Make("Golf Glove", "Golf", "Gloves", null, 19m),
            Make("Advance Club Set", "Golf", "Club Sets", "intermediate", 629m),
            Make("Advance Putter", "Golf", "Putters", "intermediate", 179m),
            Make("Tour Club Set", "Golf", "Club Sets", "pro", 1049m),
            Make("Trail Boots", "Hiking", "Boots", "beginner", 139m),
            Make("Tent", "Camping", "Tents", null, 229m),
            Make("Stove", "Camping", "Stoves", null, 69m),
        ];
        var p = catalogue.ToDictionary(x => x.Name);
        (Product, int, decimal) Line(string name, int quantity = 1) => (p[name], quantity, p[name].Price);

        var customers = new List<(string, Customer)>
        {
            ("jeff", new CustomerBuilder().WithOrder(Day, Line("Starter Club Set")).Build()),
            ("x1", new CustomerBuilder().WithOrder(Day, Line("Starter Club Set"), Line("Golf Balls")).WithOrder(Day.AddDays(3), Line("Tent")).Build()),
            ("x2", new CustomerBuilder().WithOrder(Day, Line("Starter Club Set"), Line("Golf Balls"), Line("Golf Glove")).Build()),
            ("x3", new CustomerBuilder().WithOrder(Day, Line("Starter Club Set"), Line("Golf Glove")).Build()),
            ("x4", new CustomerBuilder().WithOrder(Day, Line("Starter Club Set"), Line("Golf Balls", 2)).Build()),
            ("x5", new CustomerBuilder().WithOrder(Day, Line("Advance Putter")).WithOrder(Day.AddDays(9), Line("Advance Putter")).Build()),
            ("x6", new CustomerBuilder().WithOrder(Day, Line("Advance Putter")).Build()),
            // A purchase and a return in one order: the return is neither a purchase nor a co-purchase.
            ("x7", new CustomerBuilder().WithOrder(Day, Line("Advance Club Set"), Line("Tour Club Set", -1)).Build()),
            ("x8", new CustomerBuilder().WithOrder(Day, Line("Stove"), Line("Trail Boots", -1)).Build()),
            ("nobody", new CustomerBuilder().Build()),
        };
        if (extra is not null) customers.AddRange(extra(p));

        var database = await TestDatabase.CreateAsync();
        await using (var db = database.NewContext())
        {
            foreach (var product in catalogue)
            {
                db.Products.Add(product);
                await db.SaveChangesAsync(Cancel);
            }
            db.Customers.AddRange(customers.Select(c => c.Item2));
            await db.SaveChangesAsync(Cancel);
            await RecommendationTables.RecomputeAsync(db, Cancel);
        }
        return new Store
        {
            Database = database, Service = new RecommendationService(database.Factory), Products = p,
            Customers = customers.ToDictionary(c => c.Item1, c => c.Item2),
        };
    }

    [Fact]
    public async Task ForCustomer_BeginnerSet_BoughtTogetherAlternatesWithNextLevelOwnSubcategoryFirst()
    {
        await using var store = await CreateStoreAsync();

        var picks = await store.ForAsync("jeff", 4);

        // Together: balls (3 orders) before glove (2). Next level: the intermediate club set before the putter
        // although the putter sells more, because Jeff owns a club set.
        Assert.Equal(
        [
            ("Golf Balls", Together), ("Advance Club Set", BeginnerGolf), ("Golf Glove", Together), ("Advance Putter", BeginnerGolf),
        ], picks);
    }

    [Fact]
    public async Task ForCustomer_MoreThanTheSourcesHold_FallsBackToCategoryThenOverallBestSellersNeverWhatWasBought()
    {
        await using var store = await CreateStoreAsync();

        var picks = await store.ForAsync("jeff", 10);

        // Every Golf product sold is already chosen or bought (the Tour set was only returned, never sold), so the
        // fallback goes on to best-sellers overall: the Tent and the Stove (one purchase each; the Tent has the
        // lower id). The Trail Boots were only returned: no purchases, so not a best-seller.
        Assert.Equal(
        [
            ("Golf Balls", Together), ("Advance Club Set", BeginnerGolf), ("Golf Glove", Together), ("Advance Putter", BeginnerGolf),
            ("Tent", "Best-seller"), ("Stove", "Best-seller"),
        ], picks);
        Assert.DoesNotContain(picks, r => r.Name == "Starter Club Set");
    }

    [Fact]
    public async Task ForCustomer_PartnerOfSeveralPurchases_ChosenOnceNamedAfterTheStrongest()
    {
        await using var store = await CreateStoreAsync();

        // x1 bought a set with balls and, in another order, a tent. The glove partners both the set (2 orders) and
        // the balls (1): one recommendation, named after the set. Every Golf best-seller is then chosen or bought,
        // so the last one is the best-seller overall that is left.
        var picks = await store.ForAsync("x1", 5);

        Assert.Equal(
        [
            ("Golf Glove", Together), ("Advance Club Set", BeginnerGolf), ("Advance Putter", BeginnerGolf), ("Stove", "Best-seller"),
        ], picks);
    }

    [Fact]
    public async Task ForCustomer_OnlyCampingBought_CategoryBestSellerThenOverall()
    {
        await using var store = await CreateStoreAsync(p =>
            [("camper", new CustomerBuilder().WithOrder(Day, (p["Tent"], 1, 229m)).Build())]);

        var picks = await store.ForAsync("camper", 3);

        Assert.Equal(
        [
            ("Stove", "Best-seller in Camping"), ("Starter Club Set", "Best-seller"), ("Golf Balls", "Best-seller"),
        ], picks);
    }

    [Fact]
    public async Task ForCustomer_IntermediateBought_NextLevelIsPro()
    {
        await using var store = await CreateStoreAsync(p =>
            [("improver", new CustomerBuilder().WithOrder(Day, (p["Starter Club Set"], 1, 349m)).WithOrder(Day.AddDays(30), (p["Advance Putter"], 1, 179m)).Build())]);

        var picks = await store.ForAsync("improver", 10);

        var nextLevel = picks.Where(r => r.Reason.StartsWith("Next level", StringComparison.Ordinal)).ToList();
        Assert.Equal([("Tour Club Set", "Next level after your intermediate Golf gear")], nextLevel);
        Assert.DoesNotContain(picks, r => r.Name is "Starter Club Set" or "Advance Putter");
    }

    [Fact]
    public async Task ForCustomer_ReturnOnly_NotCountedAsBought()
    {
        await using var store = await CreateStoreAsync();

        // x8 bought a stove and returned boots they never bought here: the boots are no purchase, so neither
        // excluded nor a source of "next level" (Hiking) recommendations.
        var picks = await store.ForAsync("x8", 20);

        Assert.DoesNotContain(picks, r => r.Name == "Stove");
        Assert.DoesNotContain(picks, r => r.Reason.Contains("Hiking", StringComparison.Ordinal));
        Assert.Equal(("Tent", "Best-seller in Camping"), picks[0]);
    }

    [Fact]
    public async Task ForCustomer_ReturnOfAnUnboughtProduct_StillRecommended()
    {
        await using var store = await CreateStoreAsync(p =>
            [("returner", new CustomerBuilder().WithOrder(Day, (p["Golf Glove"], 1, 19m)).WithOrder(Day.AddDays(5), (p["Golf Balls"], -1, 29m)).Build())]);

        var picks = await store.ForAsync("returner", 3);

        // The glove's partners: the set (2 orders) and the balls (1); the returned balls were never bought.
        Assert.Equal([("Starter Club Set", "Bought together with Golf Glove"), ("Golf Balls", "Bought together with Golf Glove")], picks.Take(2).ToList());
    }

    [Fact]
    public async Task ForCustomer_NoOrders_BestSellersOverall()
    {
        await using var store = await CreateStoreAsync();

        var picks = await store.ForAsync("nobody", 4);

        // Golf Balls and Advance Putter tie on three purchases: the lower product id first.
        Assert.Equal(
        [
            ("Starter Club Set", "Best-seller"), ("Golf Balls", "Best-seller"), ("Advance Putter", "Best-seller"), ("Golf Glove", "Best-seller"),
        ], picks);
    }

    [Fact]
    public async Task ForCustomer_EveryCustomer_NeverABoughtProduct()
    {
        await using var store = await CreateStoreAsync();
        await using var db = store.Database.NewContext();

        foreach (var customer in store.Customers.Values)
        {
            var bought = await db.OrderLines.Where(l => l.Order!.CustomerId == customer.Id && l.Quantity > 0)
                .Select(l => l.ProductId).ToListAsync(Cancel);
            var picks = await store.Service.ForCustomerAsync(db, customer.Id, 20, Cancel);
            Assert.Empty(picks.Select(r => r.ProductId).Intersect(bought));
            Assert.Equal(picks.Count, picks.Select(r => r.ProductId).Distinct().Count());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public async Task ForCustomers_Batch_SameAsOneByOne(int take)
    {
        await using var store = await CreateStoreAsync();
        await using var db = store.Database.NewContext();
        var ids = store.Customers.Values.Select(c => c.Id).Append(999_999).Reverse().ToList();

        var batch = await store.Service.ForCustomersAsync(db, ids, take, Cancel);

        Assert.Equal(ids.Order(), batch.Keys.Order());
        foreach (var id in ids)
            Assert.Equal(await store.Service.ForCustomerAsync(db, id, take, Cancel), batch[id]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    public async Task ForBulkRun_Batch_SameAsOneByOne(int take)
    {
        await using var store = await CreateStoreAsync();
        await using var db = store.Database.NewContext();
        var ids = store.Customers.Values.Select(c => c.Id).Append(999_999).Reverse().ToList();
        IRecommendationSource service = store.Service;

        var source = await service.ForBulkRunAsync(db, Cancel);
        var batch = await source.ForCustomersAsync(db, ids, take, Cancel);

        Assert.Equal(ids.Order(), batch.Keys.Order());
        foreach (var id in ids)
            Assert.Equal(await service.ForCustomerAsync(db, id, take, Cancel), batch[id]);
    }

    [Fact]
    public async Task ForCustomer_RepeatedAndAfterRecompute_SameAnswer()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.Service.ForCustomerAsync(store.Customers["jeff"].Id, 10, Cancel);

        await using (var db = store.Database.NewContext())
            await RecommendationTables.RecomputeAsync(db, Cancel);
        var again = await store.Service.ForCustomerAsync(store.Customers["jeff"].Id, 10, Cancel);

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task ForCustomer_Recommendation_CarriesProductDetails()
    {
        await using var store = await CreateStoreAsync();

        var first = (await store.Service.ForCustomerAsync(store.Customers["jeff"].Id, 1, Cancel)).Single();

        var balls = store.Products["Golf Balls"];
        Assert.Equal(new Recommendation(balls.Id, balls.Sku, "Golf Balls", "Golf", null, 29m, balls.ProductUrl, balls.ImageUrl, Together), first);
    }

    [Fact]
    public async Task ForCustomer_TakeZeroOrUnknownCustomer_EmptyOrBestSellers()
    {
        await using var store = await CreateStoreAsync();

        Assert.Empty(await store.Service.ForCustomerAsync(store.Customers["jeff"].Id, 0, Cancel));
        Assert.Equal("Starter Club Set", (await store.Service.ForCustomerAsync(999_999, 1, Cancel)).Single().Name);
    }

    [Fact]
    public async Task BestSellers_CategoryInAnyCase_RankedWithinIt()
    {
        await using var store = await CreateStoreAsync();

        var camping = await store.Service.BestSellersAsync("camping", 5, Cancel);
        var overall = await store.Service.BestSellersAsync(null, 2, Cancel);

        Assert.Equal([("Tent", "Best-seller in Camping"), ("Stove", "Best-seller in Camping")], camping.Select(r => (r.Name, r.Reason)));
        Assert.Equal(["Starter Club Set", "Golf Balls"], overall.Select(r => r.Name));
    }

    [Fact]
    public async Task Recompute_Tables_HoldExpectedCounts()
    {
        await using var store = await CreateStoreAsync();

        Assert.Equal(3, await store.Database.ScalarAsync<int>(
            $"SELECT Orders FROM ProductPairs WHERE ProductId = {store.Id("Starter Club Set")} AND PairedProductId = {store.Id("Golf Balls")}"));
        Assert.Equal(3, await store.Database.ScalarAsync<int>(
            $"SELECT Orders FROM ProductPairs WHERE ProductId = {store.Id("Golf Balls")} AND PairedProductId = {store.Id("Starter Club Set")}"));
        // Returns make no pairs and no purchases.
        Assert.Equal(0, await store.Database.ScalarAsync<int>(
            $"SELECT COUNT(*) FROM ProductPairs WHERE ProductId IN ({store.Id("Tour Club Set")}, {store.Id("Trail Boots")}) OR PairedProductId IN ({store.Id("Tour Club Set")}, {store.Id("Trail Boots")})"));
        Assert.Equal(7, await store.Database.ScalarAsync<int>("SELECT COUNT(*) FROM ProductSales"));
        Assert.Equal(5, await store.Database.ScalarAsync<int>(
            $"SELECT Purchases FROM ProductSales WHERE ProductId = {store.Id("Starter Club Set")}"));
        // Golf beginner → intermediate (set, putter), intermediate → pro (tour set); Hiking has no next level product.
        Assert.Equal("beginner:2,intermediate:1", await store.Database.ScalarAsync<string>(
            "SELECT group_concat(FromLevel || ':' || n, ',') FROM (SELECT FromLevel, COUNT(*) AS n FROM NextLevelProducts GROUP BY FromLevel ORDER BY FromLevel)"));
    }

    [Fact]
    public async Task EnsureComputed_EmptyTablesWithOrders_FillsThem()
    {
        await using var store = await CreateStoreAsync();
        await using (var db = store.Database.NewContext())
            await db.Database.ExecuteSqlRawAsync("DELETE FROM ProductSales; DELETE FROM ProductPairs; DELETE FROM NextLevelProducts", Cancel);

        await using (var db = store.Database.NewContext())
            await RecommendationTables.EnsureComputedAsync(db, Cancel);

        Assert.Equal(7, await store.Database.ScalarAsync<int>("SELECT COUNT(*) FROM ProductSales"));
        Assert.Equal(("Golf Balls", Together), (await store.ForAsync("jeff", 1))[0]);
    }

    [Fact]
    public async Task ForCustomer_Queries_SearchOrdersAndLinesByIndexNeverScan()
    {
        await using var store = await CreateStoreAsync();
        var capture = new CommandCapture();
        var options = CoreServiceCollectionExtensions.ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), store.Database.ConnectionString)
            .AddInterceptors(capture).Options;

        await using (var db = new CdpDbContext((DbContextOptions<CdpDbContext>)options))
            await store.Service.ForCustomerAsync(db, store.Customers["x1"].Id, 10, Cancel);

        var history = capture.Commands.Where(c => c.Text.Contains("\"OrderLines\"", StringComparison.Ordinal)
            || c.Text.Contains("\"Orders\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(history);
        await using var connection = new SqliteConnection(store.Database.ConnectionString);
        await connection.OpenAsync(Cancel);
        foreach (var (text, parameters) in history)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + text;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value);
            await using var reader = await explain.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
                Assert.DoesNotContain("SCAN", reader.GetString(3), StringComparison.Ordinal);
        }
    }

    private sealed class CommandCapture : DbCommandInterceptor
    {
        public List<(string Text, List<(string Name, object Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
