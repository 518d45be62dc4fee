using Cdp.Core.Data;
using Cdp.Core.Segments;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Segments;

public class BasePreviewTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_SameVersionAndDay_ComputedOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddCustomersAsync(database, 3);
        var changes = new DataChanges();
        var clock = new FixedClock();
        var preview = new BasePreview(new SegmentEngine(database.Factory, clock, changes), changes, clock);

        var first = await preview.GetAsync(Cancel);
        await AddCustomersAsync(database, 1);   // not announced: the cached preview stands
        var second = await preview.GetAsync(Cancel);

        Assert.Same(first, second);
        Assert.Equal((3, 3), (first.Count, first.Total));
    }

    [Fact]
    public async Task Get_AfterADataChangeOrOnTheNextDay_ComputedAgain()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddCustomersAsync(database, 3);
        var changes = new DataChanges();
        var clock = new FixedClock();
        var preview = new BasePreview(new SegmentEngine(database.Factory, clock, changes), changes, clock);
        var first = await preview.GetAsync(Cancel);

        await AddCustomersAsync(database, 2);
        changes.Notify();
        var afterChange = await preview.GetAsync(Cancel);
        clock.Now = clock.Now.AddDays(1);
        var nextDay = await preview.GetAsync(Cancel);

        Assert.Equal(5, afterChange.Count);
        Assert.NotSame(afterChange, nextDay);
        Assert.Equal(clock.UtcNow, nextDay.AsOf);
        Assert.Equal(3, first.Count);
    }

    private static async Task AddCustomersAsync(TestDatabase database, int count)
    {
        await using var db = database.NewContext();
        for (var i = 0; i < count; i++) db.Customers.Add(new CustomerBuilder().Build());
        await db.SaveChangesAsync(Cancel);
    }
}
