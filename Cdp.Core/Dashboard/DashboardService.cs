using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Dashboard;

/// <summary>Headline figures of the customer base.</summary>
public sealed record DashboardKpis(int Customers, int Orders, decimal Revenue, decimal AverageOrderValue, int NewCustomersLast30Days);

/// <summary>One bar, slice or point of a chart.</summary>
public sealed record ChartPoint(string Label, decimal Value);

public sealed record DashboardData(
    DashboardKpis Kpis,
    IReadOnlyList<ChartPoint> CustomersByCountry,
    IReadOnlyList<ChartPoint> CustomersByGender,
    IReadOnlyList<ChartPoint> RevenueByMonth,
    IReadOnlyList<ChartPoint> RevenueByCategory);

/// <summary>
/// Computes the dashboard in SQL aggregates; rows are never loaded into memory. At a million customers the
/// aggregates take a second or two, so the result is kept until the data changes (see <see cref="DataChanges"/>)
/// or for <see cref="MaxAge"/> at most, in case the database was changed from outside the app.
/// </summary>
public sealed class DashboardService(IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock, DataChanges changes)
{
    /// <summary>How many months the revenue chart covers, the current month included.</summary>
    public const int RevenueMonths = 24;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private (long Version, DateTimeOffset At, Task<DashboardData> Data)? _cached;

    /// <param name="refresh">Recompute even if the data has not changed.</param>
    public Task<DashboardData> GetAsync(bool refresh = false, CancellationToken cancellationToken = default)
    {
        Task<DashboardData> data;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (refresh || _cached is not { } cached || cached.Version != changes.Version || now - cached.At > MaxAge || cached.Data.IsFaulted)
            {
                // Shared by every caller that asks meanwhile, so it must not stop when one of them goes away.
                _cached = (changes.Version, now, ComputeAsync(CancellationToken.None));
            }
            data = _cached.Value.Data;
        }
        return data.WaitAsync(cancellationToken);
    }

    private async Task<DashboardData> ComputeAsync(CancellationToken cancellationToken)
    {
        // Independent queries on separate contexts run side by side (SQLite in WAL mode allows parallel readers).
        var kpis = GetKpisAsync(cancellationToken);
        var byCountry = QueryAsync(db => db.Customers.GroupBy(c => c.Country)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken), cancellationToken);
        var byGender = QueryAsync(db => db.Customers.GroupBy(c => c.Gender)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken), cancellationToken);
        var byMonth = GetRevenueByMonthAsync(cancellationToken);
        var byCategory = QueryAsync(db => db.OrderLines.GroupBy(l => l.Product!.Category)
            .Select(g => new { g.Key, Revenue = g.Sum(l => l.UnitPrice * l.Quantity) }).ToListAsync(cancellationToken), cancellationToken);
        await Task.WhenAll(kpis, byCountry, byGender, byMonth, byCategory);

        return new DashboardData(
            await kpis,
            (await byCountry).OrderByDescending(c => c.Count).Select(c => new ChartPoint(c.Key ?? "Unknown", c.Count)).ToList(),
            (await byGender).OrderByDescending(g => g.Count).Select(g => new ChartPoint(g.Key.ToString(), g.Count)).ToList(),
            await byMonth,
            (await byCategory).OrderByDescending(c => c.Revenue).Select(c => new ChartPoint(c.Key ?? "Uncategorised", Math.Round(c.Revenue, 2))).ToList());
    }

    public async Task<DashboardKpis> GetKpisAsync(CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = await db.Customers.CountAsync(cancellationToken);
        var newCustomers = await db.Customers.CountAsync(c => c.SignedUpAt >= since, cancellationToken);
        var orders = await db.Orders.CountAsync(cancellationToken);
        var revenue = await db.Orders.SumAsync(o => o.Total, cancellationToken);
        return new DashboardKpis(customers, orders, Math.Round(revenue, 2),
            orders == 0 ? 0 : Math.Round(revenue / orders, 2), newCustomers);
    }

    private async Task<IReadOnlyList<ChartPoint>> GetRevenueByMonthAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var firstMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-(RevenueMonths - 1));
        var totals = await QueryAsync(db => db.Orders.Where(o => o.OrderedAt >= firstMonth)
            .GroupBy(o => SqlFunctions.YearMonth(o.OrderedAt))
            .Select(g => new { Month = g.Key, Revenue = g.Sum(o => o.Total) })
            .ToDictionaryAsync(t => t.Month, t => t.Revenue, cancellationToken), cancellationToken);
        // Every month appears, also those without sales, so the line does not skip gaps.
        return Enumerable.Range(0, RevenueMonths).Select(i => SqlFunctions.YearMonth(firstMonth.AddMonths(i)))
            .Select(month => new ChartPoint(month, Math.Round(totals.GetValueOrDefault(month), 2)))
            .ToList();
    }

    private async Task<T> QueryAsync<T>(Func<CdpDbContext, Task<T>> query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await query(db);
    }
}
