using System.Security.Cryptography;
using System.Text;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Tests.Core.Demo;

public class DemoStoreSeederTests
{
    private const int Customers = 3_000;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seed_SameSeedAndDay_WritesIdenticalStore()
    {
        await using var first = await SeedAsync(seed: 7, clock: new FixedClock());
        // Later the same day: the store is anchored to the day, so nothing moves.
        await using var second = await SeedAsync(seed: 7, clock: new FixedClock(FixedClock.Default.AddHours(5)));

        Assert.Equal(await DigestAsync(first), await DigestAsync(second));
    }

    [Fact]
    public async Task Seed_OtherSeed_WritesAnotherStore()
    {
        await using var first = await SeedAsync(seed: 7);
        await using var other = await SeedAsync(seed: 8);

        Assert.NotEqual(await DigestAsync(first), await DigestAsync(other));
    }

    [Fact]
    public async Task Seed_DatabaseWithCustomers_IsLeftAlone()
    {
        await using var database = await SeedAsync(seed: 7);
        var seeder = Seeder(database, new FixedClock());

        var summary = await seeder.SeedAsync(Customers, 9, Cancel);

        Assert.Null(summary);
        Assert.Equal(Customers, await database.ScalarAsync<int>("SELECT COUNT(*) FROM Customers"));
    }

    [Fact]
    public async Task Seed_StoredMetrics_EqualMetricsRecomputedFromOrders()
    {
        await using var database = await SeedAsync(seed: 7);
        const string metrics = "SELECT group_concat(Id || ':' || OrdersCount || ':' || round(TotalSpent, 6) || ':' || round(AverageOrderValue, 6) || ':' || ifnull(FirstOrderAt, '') || ':' || ifnull(LastOrderAt, ''), '|') FROM (SELECT * FROM Customers ORDER BY Id)";
        var seeded = await database.ScalarAsync<string>(metrics);

        await using (var db = database.NewContext())
            await CustomerMetrics.RecomputeAsync(db, null, Cancel);

        Assert.Equal(seeded, await database.ScalarAsync<string>(metrics));
    }

    [Fact]
    public async Task Seed_StoreIsBelievable()
    {
        await using var database = await SeedAsync(seed: 7);
        var now = FixedClock.Default.UtcDateTime;

        Assert.Equal(Customers, await database.ScalarAsync<int>("SELECT COUNT(*) FROM Customers"));
        Assert.InRange(await database.ScalarAsync<int>("SELECT COUNT(*) FROM Products"), 250, 350);
        Assert.InRange(await database.ScalarAsync<int>("SELECT COUNT(*) FROM Products WHERE Stock <= 5"), 10, 80);
        Assert.Equal(3, await database.ScalarAsync<int>("SELECT COUNT(DISTINCT Level) FROM Products WHERE Level IS NOT NULL"));
        // About five order lines per customer: ~100,000 lines for the default 20,000 customers.
        Assert.InRange(await database.ScalarAsync<double>("SELECT COUNT(*) FROM OrderLines") / Customers, 4.0, 6.0);
        Assert.True(await database.ScalarAsync<int>("SELECT COUNT(*) FROM OrderLines WHERE Quantity < 0") > 0, "some returns");
        Assert.True(await database.ScalarAsync<int>("SELECT COUNT(*) FROM Favorites") > Customers / 5);

        Assert.True(await database.ScalarAsync<int>("SELECT COUNT(DISTINCT Country) FROM Customers") >= 8);
        Assert.True(await database.ScalarAsync<int>("SELECT COUNT(*) FROM Customers WHERE City IN ('München', 'Kraków', 'Tromsø', 'Málaga', 'Zürich')") > 0);
        Assert.Equal(12, await database.ScalarAsync<int>("SELECT COUNT(DISTINCT strftime('%m', BirthDate)) FROM Customers"));
        Assert.Equal(0, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM Orders WHERE OrderedAt > '{now:yyyy-MM-dd HH:mm:ss}'"));

        // Skew: many buy once, some never, a few spend a lot, a share has lapsed.
        var buyers = await database.ScalarAsync<double>("SELECT COUNT(*) FROM Customers WHERE OrdersCount > 0");
        Assert.InRange(await database.ScalarAsync<double>("SELECT COUNT(*) FROM Customers WHERE OrdersCount = 0") / Customers, 0.05, 0.25);
        Assert.InRange(await database.ScalarAsync<double>("SELECT COUNT(*) FROM Customers WHERE OrdersCount = 1") / buyers, 0.35, 0.65);
        var topShare = await database.ScalarAsync<double>(
            $"SELECT SUM(TotalSpent) FROM (SELECT TotalSpent FROM Customers ORDER BY TotalSpent DESC LIMIT {Customers / 20})")
            / await database.ScalarAsync<double>("SELECT SUM(TotalSpent) FROM Customers");
        Assert.True(topShare > 0.2, $"the top 5% of customers bring {topShare:P0} of revenue");
        var lapsed = await database.ScalarAsync<double>(
            $"SELECT COUNT(*) FROM Customers WHERE OrdersCount > 0 AND LastOrderAt < '{now.AddDays(-180):yyyy-MM-dd}'") / buyers;
        Assert.InRange(lapsed, 0.15, 0.6);

        // Seasonality: December sells more than February.
        var december = await database.ScalarAsync<double>("SELECT COUNT(*) FROM Orders WHERE strftime('%m', OrderedAt) = '12'");
        var february = await database.ScalarAsync<double>("SELECT COUNT(*) FROM Orders WHERE strftime('%m', OrderedAt) = '02'");
        Assert.True(december > february * 1.3, $"December {december} orders, February {february}");

        // Segments offer the demo's custom attributes with their types, as if an import had brought them.
        Assert.Equal("Number", await database.ScalarAsync<string>("SELECT Type FROM CustomAttributeDefinitions WHERE Name = 'loyaltyPoints'"));
        Assert.Equal(3, await database.ScalarAsync<int>("SELECT COUNT(*) FROM CustomAttributeDefinitions"));
    }

    [Fact]
    public async Task Seed_IncludesJeffTheBeginnerGolfer()
    {
        await using var database = await SeedAsync(seed: 7);
        await using var db = database.NewContext();

        var jeff = await db.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).ThenInclude(l => l.Product)
            .SingleAsync(c => c.Email == DemoStoreSeeder.JeffEmail, Cancel);

        Assert.Equal("Jeff", jeff.FirstName);
        Assert.Contains("golf", jeff.Interests);
        var products = jeff.Orders.SelectMany(o => o.Lines).Select(l => l.Product!).ToList();
        Assert.Contains(products, p => p.Subcategory == "Club Sets" && p.Level == "beginner");
        Assert.DoesNotContain(products, p => p.Level is "intermediate" or "pro");
        Assert.True(jeff.LastOrderAt > FixedClock.Default.UtcDateTime.AddDays(-90), "Jeff is an active customer");
    }

    private static async Task<TestDatabase> SeedAsync(int seed, FixedClock? clock = null)
    {
        var database = await TestDatabase.CreateAsync();
        var summary = await Seeder(database, clock ?? new FixedClock()).SeedAsync(Customers, seed, Cancel);
        Assert.NotNull(summary);
        return database;
    }

    private static DemoStoreSeeder Seeder(TestDatabase database, FixedClock clock) =>
        new(database.Factory, clock, new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);

    /// <summary>A hash of every row of every table, in key order.</summary>
    private static async Task<string> DigestAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in new[] { "Products", "Customers", "Orders", "OrderLines", "Favorites" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) + "\u001f"));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
