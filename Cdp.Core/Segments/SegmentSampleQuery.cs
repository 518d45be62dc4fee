using Cdp.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments;

/// <summary>The sample customers' rows, read by id (the ids come from <see cref="Sets.SegmentSetCounter"/>'s kept sets).</summary>
internal static class SegmentSampleQuery
{
    public static async Task<IReadOnlyList<SampleCustomer>> RunAsync(IQueryable<Customer> customers, int take, CancellationToken cancellationToken) =>
        Samples(await customers.OrderBy(c => c.Id).Take(take)
            .Select(c => new SampleRow(c.Id, c.FirstName, c.LastName, c.Email, c.ExternalId, c.Country, c.TotalSpent))
            .ToListAsync(cancellationToken));

    private static List<SampleCustomer> Samples(List<SampleRow> rows) =>
        rows.Select(r => new SampleCustomer(r.Id,
            new Customer { Id = r.Id, FirstName = r.FirstName, LastName = r.LastName, Email = r.Email, ExternalId = r.ExternalId }.DisplayName,
            r.Email, r.Country, r.TotalSpent)).ToList();

    private sealed record SampleRow(int Id, string? FirstName, string? LastName, string? Email, string? ExternalId, string? Country,
        decimal TotalSpent);
}
