using Cdp.Core.Customers;
using Cdp.Core.Dashboard;
using Cdp.Core.Data;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Dashboard;

public class DashboardServiceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_SmallStore_FiguresMatchItsOrders()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var now = clock.UtcNow;
        var club = ProductBuilder.Make(category: "Golf", price: 300m);
        var tent = ProductBuilder.Make(category: "Camping", price: 200m);
        await using (var db = database.NewContext())
        {
            db.AddRange(
                new CustomerBuilder().In("US").WithGender(Gender.Male).SignedUp(now.AddDays(-5))
                    .WithOrder(now.AddDays(-3), (club, 1, 300m), (tent, 1, 200m)).Build(),
                new CustomerBuilder().In("DE").WithGender(Gender.Female).SignedUp(now.AddDays(-100))
                    .WithOrder(now.AddMonths(-2), (tent, 2, 200m), (tent, -1, 200m)).Build(),
                new CustomerBuilder().In("DE").WithGender(Gender.Female).SignedUp(now.AddDays(-29)).Build());
            await db.SaveChangesAsync(Cancel);
        }

        var data = await new DashboardService(database.Factory, clock, new DataChanges()).GetAsync(cancellationToken: Cancel);

        Assert.Equal(new DashboardKpis(Customers: 3, Orders: 2, Revenue: 700m, AverageOrderValue: 350m, NewCustomersLast30Days: 2), data.Kpis);
        Assert.Equal([new ChartPoint("DE", 2), new ChartPoint("US", 1)], data.CustomersByCountry);
        Assert.Equal([new ChartPoint("Female", 2), new ChartPoint("Male", 1)], data.CustomersByGender);
        Assert.Equal([new ChartPoint("Camping", 400m), new ChartPoint("Golf", 300m)], data.RevenueByCategory);
        Assert.Equal(DashboardService.RevenueMonths, data.RevenueByMonth.Count);
        Assert.Equal(now.ToString("yyyy-MM"), data.RevenueByMonth[^1].Label);
        Assert.Equal(700m, data.RevenueByMonth.Sum(p => p.Value));
    }

    [Fact]
    public async Task Get_EmptyDatabase_AllZero()
    {
        await using var database = await TestDatabase.CreateAsync();

        var data = await new DashboardService(database.Factory, new FixedClock(), new DataChanges()).GetAsync(cancellationToken: Cancel);

        Assert.Equal(new DashboardKpis(0, 0, 0m, 0m, 0), data.Kpis);
        Assert.Empty(data.CustomersByCountry);
        Assert.All(data.RevenueByMonth, p => Assert.Equal(0m, p.Value));
    }

    [Fact]
    public async Task Get_KeepsFiguresUntilDataChangesOrRefreshIsAsked()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var changes = new DataChanges();
        var dashboard = new DashboardService(database.Factory, clock, changes);
        Assert.Equal(0, (await dashboard.GetAsync(cancellationToken: Cancel)).Kpis.Customers);

        await AddCustomerAsync(database);
        Assert.Equal(0, (await dashboard.GetAsync(cancellationToken: Cancel)).Kpis.Customers);

        changes.Notify();
        Assert.Equal(1, (await dashboard.GetAsync(cancellationToken: Cancel)).Kpis.Customers);

        await AddCustomerAsync(database);
        Assert.Equal(2, (await dashboard.GetAsync(refresh: true, Cancel)).Kpis.Customers);

        await AddCustomerAsync(database);
        clock.Now += DashboardService.MaxAge + TimeSpan.FromSeconds(1);
        Assert.Equal(3, (await dashboard.GetAsync(cancellationToken: Cancel)).Kpis.Customers);
    }

    private static async Task AddCustomerAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        db.Add(new CustomerBuilder().Build());
        await db.SaveChangesAsync(Cancel);
    }
}
