using Cdp.Core.Customers;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Customers;

public class CustomerMetricsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Recompute_OrdersWithReturns_NetSpendAndDates()
    {
        await using var database = await TestDatabase.CreateAsync();
        var club = ProductBuilder.Make(price: 300m);
        var balls = ProductBuilder.Make(category: "Golf", level: null, price: 25m);
        var jan = new DateTime(2026, 1, 10, 9, 0, 0, DateTimeKind.Utc);
        var mar = new DateTime(2026, 3, 5, 18, 30, 0, DateTimeKind.Utc);
        var buyer = new CustomerBuilder()
            .WithOrder(jan, (club, 1, 300m), (balls, 2, 25m))
            .WithOrder(mar, (balls, 4, 25m), (balls, -1, 25m))
            .Build();
        var browser = new CustomerBuilder().Build();
        await using (var db = database.NewContext())
        {
            db.AddRange(buyer, browser);
            await db.SaveChangesAsync(Cancel);
        }

        await using (var db = database.NewContext())
            Assert.Equal(2, await CustomerMetrics.RecomputeAsync(db, null, Cancel));

        await using var check = database.NewContext();
        var b = await check.Customers.SingleAsync(c => c.Id == buyer.Id, Cancel);
        Assert.Equal(2, b.OrdersCount);
        Assert.Equal(350m + 75m, b.TotalSpent);
        Assert.Equal(212.5m, b.AverageOrderValue);
        Assert.Equal(jan, b.FirstOrderAt);
        Assert.Equal(mar, b.LastOrderAt);
        var nobody = await check.Customers.SingleAsync(c => c.Id == browser.Id, Cancel);
        Assert.Equal((0, 0m, 0m, null, null), (nobody.OrdersCount, nobody.TotalSpent, nobody.AverageOrderValue, nobody.FirstOrderAt, nobody.LastOrderAt));
    }

    [Fact]
    public async Task Recompute_OnlyNamedCustomers_LeavesOthersAsTheyWere()
    {
        await using var database = await TestDatabase.CreateAsync();
        var product = ProductBuilder.Make();
        var day = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        var named = new CustomerBuilder().WithOrder(day, (product, 1, 100m)).Build();
        var other = new CustomerBuilder().WithOrder(day, (product, 1, 100m)).Build();
        await using (var db = database.NewContext())
        {
            db.AddRange(named, other);
            await db.SaveChangesAsync(Cancel);
        }

        await using (var db = database.NewContext())
            Assert.Equal(1, await CustomerMetrics.RecomputeAsync(db, db.Customers.Where(c => c.Id == named.Id).Select(c => c.Id), Cancel));

        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT OrdersCount FROM Customers WHERE Id = {named.Id}"));
        Assert.Equal(0, await database.ScalarAsync<int>($"SELECT OrdersCount FROM Customers WHERE Id = {other.Id}"));
    }
}
