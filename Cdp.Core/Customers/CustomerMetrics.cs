using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Customers;

/// <summary>Keeps the behavioural metrics stored on each customer in step with their orders.</summary>
public static class CustomerMetrics
{
    /// <summary>
    /// Recomputes orders count, total spent, average order value and first/last order date in one set-based
    /// UPDATE with correlated subqueries (served by the Orders (CustomerId, OrderedAt) index).
    /// </summary>
    /// <param name="customerIds">Only these customers; null for everyone.</param>
    /// <returns>How many customers were updated.</returns>
    public static Task<int> RecomputeAsync(CdpDbContext db, IQueryable<int>? customerIds, CancellationToken cancellationToken = default)
    {
        var customers = customerIds is null ? db.Customers : db.Customers.Where(c => customerIds.Contains(c.Id));
        return customers.ExecuteUpdateAsync(set => set
            .SetProperty(c => c.OrdersCount, c => db.Orders.Count(o => o.CustomerId == c.Id))
            .SetProperty(c => c.TotalSpent, c => db.Orders.Where(o => o.CustomerId == c.Id).Sum(o => o.Total))
            .SetProperty(c => c.AverageOrderValue,
                c => db.Orders.Where(o => o.CustomerId == c.Id).Average(o => (decimal?)o.Total) ?? 0m)
            .SetProperty(c => c.FirstOrderAt, c => db.Orders.Where(o => o.CustomerId == c.Id).Min(o => (DateTime?)o.OrderedAt))
            .SetProperty(c => c.LastOrderAt, c => db.Orders.Where(o => o.CustomerId == c.Id).Max(o => (DateTime?)o.OrderedAt)),
            cancellationToken);
    }
}
