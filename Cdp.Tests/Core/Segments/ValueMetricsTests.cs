using Cdp.Core.Customers;
using Cdp.Core.Import;
using Cdp.Core.Segments.Values;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Segments;

public class ValueMetricsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    // Midnight: predicted CLV counts days to the start of the as-of day, so the worked example stays in whole days.
    private static DateTime AsOf => FixedClock.Default.UtcDateTime.Date;

    /// <summary>A customer whose stored metrics say what the test needs (value metrics read only those).</summary>
    private static Customer Buyer(int orders, decimal spent, double firstDaysAgo, double lastDaysAgo) => new CustomerBuilder().With(c =>
    {
        c.OrdersCount = orders;
        c.TotalSpent = spent;
        c.AverageOrderValue = orders == 0 ? 0 : spent / orders;
        c.FirstOrderAt = orders == 0 ? null : AsOf.AddDays(-firstDaysAgo);
        c.LastOrderAt = orders == 0 ? null : AsOf.AddDays(-lastDaysAgo);
    }).Build();

    private static Customer NoOrders() => new CustomerBuilder().Build();

    private static async Task<(RfmThresholds Thresholds, List<Customer> Customers)> ScoreAsync(TestDatabase database, params Customer[] customers)
    {
        await using (var db = database.NewContext())
        {
            db.AddRange(customers);
            await db.SaveChangesAsync(Cancel);
        }
        RfmThresholds thresholds;
        await using (var db = database.NewContext())
            thresholds = await ValueMetrics.RecomputeAsync(db, AsOf, Cancel);
        await using var check = database.NewContext();
        return (thresholds, await check.Customers.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Recompute_TenDistinctValues_TwoCustomersPerScore()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Customer i (1-10) has the i-th smallest value in every dimension: the i-th oldest last order, i orders, i × 100 spent.
        var customers = Enumerable.Range(1, 10).Select(i => Buyer(i, i * 100m, 800, 11 - i)).ToArray();

        var (thresholds, scored) = await ScoreAsync(database, customers);

        var expected = Enumerable.Range(1, 10).Select(i => (i + 1) / 2).ToArray();   // 1,1,2,2,3,3,4,4,5,5
        Assert.Equal(expected, scored.Select(c => c.RfmRecency!.Value));
        Assert.Equal(expected, scored.Select(c => c.RfmFrequency!.Value));
        Assert.Equal(expected, scored.Select(c => c.RfmMonetary!.Value));
        Assert.Equal(10, thresholds.CustomersScored);
        Assert.Equal([2, 4, 6, 8], thresholds.Frequency);
        Assert.Equal([200m, 400m, 600m, 800m], thresholds.Monetary);
        Assert.Equal([AsOf.AddDays(-9), AsOf.AddDays(-7), AsOf.AddDays(-5), AsOf.AddDays(-3)], thresholds.Recency);
    }

    [Fact]
    public async Task Recompute_TiedValues_ShareTheLowerScore()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Six one-time buyers, two with 2 orders, one with 3, one with 10: the cut points are 1, 1, 1, 2.
        int[] orders = [1, 1, 1, 1, 1, 1, 2, 2, 3, 10];
        var customers = orders.Select(n => Buyer(n, 50m, 400, 100)).ToArray();

        var (thresholds, scored) = await ScoreAsync(database, customers);

        Assert.Equal([1, 1, 1, 2], thresholds.Frequency);
        Assert.Equal([1, 1, 1, 1, 1, 1, 4, 4, 5, 5], scored.Select(c => c.RfmFrequency!.Value));
        Assert.All(scored, c => Assert.Equal(1, c.RfmRecency));   // everyone bought on the same day
        Assert.All(scored, c => Assert.Equal(1, c.RfmMonetary));  // and spent the same
        Assert.Equal(RfmSegments.Lost, scored[0].RfmSegment);
        Assert.Equal(RfmSegments.AtRisk, scored[6].RfmSegment);
        Assert.Equal(RfmSegments.CantLose, scored[9].RfmSegment);
    }

    [Fact]
    public async Task Recompute_CustomersWithoutOrders_GetNullsAndAreNotCounted()
    {
        await using var database = await TestDatabase.CreateAsync();

        var (thresholds, scored) = await ScoreAsync(database, NoOrders(), Buyer(2, 80m, 100, 10), NoOrders());

        Assert.Equal(1, thresholds.CustomersScored);
        foreach (var customer in new[] { scored[0], scored[2] })
        {
            Assert.Equal((null, null, null, null, 0m),
                (customer.RfmRecency, customer.RfmFrequency, customer.RfmMonetary, customer.RfmSegment, customer.PredictedClv));
        }
        Assert.Equal((1, 1, 1, RfmSegments.Lost), (scored[1].RfmRecency, scored[1].RfmFrequency, scored[1].RfmMonetary, scored[1].RfmSegment));
    }

    [Fact]
    public async Task Recompute_NobodyHasOrders_EmptyThresholdsAndNoScores()
    {
        await using var database = await TestDatabase.CreateAsync();

        var (thresholds, scored) = await ScoreAsync(database, NoOrders(), NoOrders());

        Assert.Equal(0, thresholds.CustomersScored);
        Assert.Empty(thresholds.Recency);
        Assert.Empty(thresholds.Frequency);
        Assert.Empty(thresholds.Monetary);
        Assert.All(scored, c => Assert.Null(c.RfmSegment));
    }

    [Fact]
    public async Task Recompute_ManyCustomers_StoredScoresAndSegmentsMatchInMemoryRules()
    {
        await using var database = await TestDatabase.CreateAsync();
        var random = new Random(20261127);
        var customers = Enumerable.Range(0, 300).Select(_ => random.Next(10) == 0
            ? NoOrders()
            : Buyer(random.Next(1, 8), Math.Round((decimal)random.NextDouble() * 900m - 50m, 2), random.Next(400, 1100), random.Next(0, 400) / 1.0))
            .ToArray();

        var (thresholds, scored) = await ScoreAsync(database, customers);

        Assert.Equal(customers.Count(c => c.OrdersCount > 0), thresholds.CustomersScored);
        foreach (var c in scored.Where(c => c.LastOrderAt is not null))
        {
            var r = RfmThresholds.Score(c.LastOrderAt!.Value, thresholds.Recency);
            var f = RfmThresholds.Score(c.OrdersCount, thresholds.Frequency);
            Assert.Equal((r, f, RfmThresholds.Score(c.TotalSpent, thresholds.Monetary), RfmSegments.Name(r, f)),
                (c.RfmRecency!.Value, c.RfmFrequency!.Value, c.RfmMonetary!.Value, c.RfmSegment));
            var predicted = CustomerValue.Predicted(c.OrdersCount, c.TotalSpent, c.FirstOrderAt, c.LastOrderAt, AsOf);
            Assert.True(Math.Abs(predicted - c.PredictedClv) <= 0.01m, $"predicted CLV {c.PredictedClv} in SQL, {predicted} in memory");
        }
        // Quintiles: every score is used, and no score holds far more than a fifth when values are spread out.
        Assert.Equal([1, 2, 3, 4, 5], scored.Where(c => c.RfmMonetary is not null).Select(c => c.RfmMonetary!.Value).Distinct().Order());
        // Every segment name written is one of the documented ones.
        Assert.All(scored.Where(c => c.RfmSegment is not null), c => Assert.Contains(c.RfmSegment!, RfmSegments.Names));
    }

    [Fact]
    public async Task Recompute_RecordsRun_LatestReturnsItsThresholds()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.NewContext())
            Assert.Null(await ValueMetrics.LatestAsync(db, Cancel));

        var (thresholds, _) = await ScoreAsync(database, Enumerable.Range(1, 7).Select(i => Buyer(i, i * 10.5m, 500, i * 3)).ToArray());

        await using var check = database.NewContext();
        var latest = await ValueMetrics.LatestAsync(check, Cancel);
        Assert.NotNull(latest);
        Assert.Equal(thresholds.ComputedAt, latest.ComputedAt);
        Assert.Equal(7, latest.CustomersScored);
        Assert.Equal(thresholds.Recency, latest.Recency);
        Assert.Equal(thresholds.Frequency, latest.Frequency);
        Assert.Equal(thresholds.Monetary, latest.Monetary);
    }

    [Theory]
    [InlineData(5, 5, RfmSegments.Champions)]
    [InlineData(5, 4, RfmSegments.Champions)]
    [InlineData(4, 5, RfmSegments.Loyal)]
    [InlineData(3, 4, RfmSegments.Loyal)]
    [InlineData(5, 3, RfmSegments.PotentialLoyalist)]
    [InlineData(4, 2, RfmSegments.PotentialLoyalist)]
    [InlineData(5, 1, RfmSegments.New)]
    [InlineData(4, 1, RfmSegments.Promising)]
    [InlineData(3, 3, RfmSegments.NeedAttention)]
    [InlineData(3, 2, RfmSegments.AboutToSleep)]
    [InlineData(3, 1, RfmSegments.AboutToSleep)]
    [InlineData(2, 4, RfmSegments.AtRisk)]
    [InlineData(1, 3, RfmSegments.AtRisk)]
    [InlineData(2, 5, RfmSegments.CantLose)]
    [InlineData(1, 5, RfmSegments.CantLose)]
    [InlineData(2, 2, RfmSegments.Hibernating)]
    [InlineData(2, 1, RfmSegments.Hibernating)]
    [InlineData(1, 2, RfmSegments.Lost)]
    [InlineData(1, 1, RfmSegments.Lost)]
    public void SegmentName_RecencyAndFrequency_NamedSegment(int recency, int frequency, string expected) =>
        Assert.Equal(expected, RfmSegments.Name(recency, frequency));

    [Fact]
    public void SegmentName_WholeGrid_EveryNameUsedAndScoresOutsideOneToFiveRefused()
    {
        var used = from r in Enumerable.Range(1, 5) from f in Enumerable.Range(1, 5) select RfmSegments.Name(r, f);
        Assert.Equal(RfmSegments.Names.Order(), used.Distinct().Order());
        Assert.Equal(11, RfmSegments.Names.Count);
        Assert.All(RfmSegments.Names, n => Assert.True(n.Length <= 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => RfmSegments.Name(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RfmSegments.Name(3, 6));
    }

    [Fact]
    public async Task PredictedClv_WorkedExample_AsDocumented()
    {
        await using var database = await TestDatabase.CreateAsync();
        // 6 orders, 600 spent, first order 730 days ago, last 60 days ago:
        // 3 × 365.25 × 600 / (730 + 6 × 60) = 603.17 (AOV 100 × 3.0 orders a year × 3 years × P(active) 0.67).
        // One order of 50 yesterday: the tenure is taken as a year, so 3 × 365.25 × 50 / (365.25 + 1) = 149.59.
        var (_, scored) = await ScoreAsync(database, Buyer(6, 600m, 730, 60), Buyer(1, 50m, 1, 1), Buyer(2, -10m, 100, 50));

        Assert.Equal(603.17m, scored[0].PredictedClv);
        Assert.Equal(149.59m, scored[1].PredictedClv);
        Assert.Equal(0m, scored[2].PredictedClv);   // returns cancelled the spend
        Assert.Equal(603.17m, CustomerValue.Predicted(6, 600m, AsOf.AddDays(-730), AsOf.AddDays(-60), AsOf));
        Assert.Equal(149.59m, CustomerValue.Predicted(1, 50m, AsOf.AddDays(-1), AsOf.AddDays(-1), AsOf));
    }

    private static readonly (int Orders, double? FirstDaysAgo, double? LastDaysAgo, string Stage)[] Lifecycle =
    [
        (0, null, null, LifecycleStages.NeverPurchased),
        (1, 0, 0, LifecycleStages.New),
        (1, 30, 30, LifecycleStages.New),                           // exactly 30 days: still new
        (2, 30 + 1 / 86400.0, 2, LifecycleStages.Active),           // a second more: no longer new
        (2, 400, 180, LifecycleStages.Active),                      // exactly 180 days: still active
        (2, 400, 180 + 1 / 86400.0, LifecycleStages.AtRisk),
        (2, 400, 181, LifecycleStages.AtRisk),
        (2, 400, 365, LifecycleStages.AtRisk),                      // exactly 365 days: still at risk
        (2, 400, 365 + 1 / 86400.0, LifecycleStages.Lapsed),
        (3, 1000, 900, LifecycleStages.Lapsed),
    ];

    [Fact]
    public async Task PredictedClv_RecomputedLaterTheSameDay_Unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (_, morning) = await ScoreAsync(database, Buyer(6, 600m, 730, 60), Buyer(3, 90m, 300, 2));

        await using (var db = database.NewContext())
            await ValueMetrics.RecomputeAsync(db, AsOf.AddHours(23), Cancel);

        await using var check = database.NewContext();
        Assert.Equal(morning.Select(c => c.PredictedClv), await check.Customers.OrderBy(c => c.Id).Select(c => c.PredictedClv).ToListAsync(Cancel));
        Assert.Equal(603.17m, morning[0].PredictedClv);
    }

    public static TheoryData<int, double?, double?, string> LifecycleCases
    {
        get
        {
            var data = new TheoryData<int, double?, double?, string>();
            foreach (var (orders, first, last, stage) in Lifecycle) data.Add(orders, first, last, stage);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LifecycleCases))]
    public void Lifecycle_DaysSinceOrders_Stage(int orders, double? firstDaysAgo, double? lastDaysAgo, string expected) =>
        Assert.Equal(expected, LifecycleStages.Of(orders,
            firstDaysAgo is { } f ? AsOf.AddDays(-f) : null, lastDaysAgo is { } l ? AsOf.AddDays(-l) : null, AsOf));

    [Fact]
    public async Task Lifecycle_SqlExpression_AgreesWithInMemory()
    {
        await using var database = await TestDatabase.CreateAsync();
        var customers = Lifecycle.Select(row => row.Orders == 0 ? NoOrders() : Buyer(row.Orders, 10m, row.FirstDaysAgo!.Value, row.LastDaysAgo!.Value)).ToList();
        await using (var db = database.NewContext())
        {
            db.AddRange(customers);
            await db.SaveChangesAsync(Cancel);
        }

        await using var check = database.NewContext();
        var fromSql = await check.Customers.OrderBy(c => c.Id).Select(LifecycleStages.Expression(AsOf)).ToListAsync(Cancel);
        var stored = await check.Customers.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Cancel);

        Assert.Equal(Lifecycle.Select(row => row.Stage), fromSql);
        Assert.Equal(stored.Select(c => LifecycleStages.Of(c, AsOf)), fromSql);
        // And grouped, as previews will use it.
        var counts = await check.Customers.Select(LifecycleStages.Expression(AsOf)).GroupBy(s => s).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, Cancel);
        Assert.Equal(3, counts[LifecycleStages.AtRisk]);
    }

    [Fact]
    public async Task Import_Orders_RescoresEveryone()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("""
            customer_id,email
            C1,a@example.com
            C2,b@example.com
            C3,c@example.com
            """, ImportKind.Customers, cancellationToken: Cancel);

        await harness.ImportAsync("""
            Order ID,Customer ID,Order Date,SKU,Qty,Unit Price
            1,C1,2026-11-20,S-1,1,500
            2,C2,2025-01-05,S-1,1,20
            """, ImportKind.Orders, cancellationToken: Cancel);

        await using var db = harness.Database.NewContext();
        var stored = await db.Customers.OrderBy(c => c.ExternalId).Select(c => new { c.RfmRecency, c.RfmMonetary, c.RfmSegment, c.PredictedClv })
            .ToListAsync(Cancel);
        // Two scored customers: the cut points are the lower value twice and the higher twice, so the better one scores 3.
        Assert.Equal((3, 3), (stored[0].RfmRecency, stored[0].RfmMonetary));
        Assert.Equal((1, 1, RfmSegments.Lost), (stored[1].RfmRecency, stored[1].RfmMonetary, stored[1].RfmSegment));
        Assert.True(stored[0].PredictedClv > stored[1].PredictedClv);
        Assert.Null(stored[2].RfmSegment);
        var latest = await ValueMetrics.LatestAsync(db, Cancel);
        Assert.Equal((harness.Clock.UtcNow, 2), (latest!.ComputedAt, latest.CustomersScored));
    }
}
