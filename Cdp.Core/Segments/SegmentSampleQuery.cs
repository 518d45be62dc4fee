using System.Data.Common;
using Cdp.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments;

/// <summary>
/// A segment's first customers by id. SQLite answers "ORDER BY Id LIMIT 10" by collecting every match through
/// an index (country, say) and sorting them: at a million customers a nested tree's sample took as long as its
/// count, about 2 s. Walking the table in id order instead stops after about take / share customers, a few
/// milliseconds for any segment that is not tiny; for a tiny one the index stays the better way in.
/// </summary>
internal static class SegmentSampleQuery
{
    /// <summary>From this share up, walking in id order reads at most 1,000 customers per sampled one.</summary>
    public const double WalkShare = 0.001;

    public static async Task<IReadOnlyList<SampleCustomer>> RunAsync(IQueryable<Customer> customers, int take, bool walkInIdOrder,
        CancellationToken cancellationToken)
    {
        var query = customers.OrderBy(c => c.Id).Take(take)
            .Select(c => new SampleRow(c.Id, c.FirstName, c.LastName, c.Email, c.ExternalId, c.Country, c.TotalSpent));
        if (!walkInIdOrder) return Samples(await query.ToListAsync(cancellationToken));

        // EF Core generates the parameterised SELECT; only the table hint is added, as SegmentBreakdownQuery does.
        const string table = "FROM \"Customers\" AS \"c\"";
        await using var command = query.CreateDbCommand();
        var at = command.CommandText.IndexOf(table, StringComparison.Ordinal);
        if (at < 0) return Samples(await query.ToListAsync(cancellationToken));
        command.CommandText = command.CommandText.Insert(at + table.Length, " NOT INDEXED");
        var rows = new List<SampleRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new SampleRow(reader.GetInt32(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                reader.GetDecimal(6)));
        return Samples(rows);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static List<SampleCustomer> Samples(List<SampleRow> rows) =>
        rows.Select(r => new SampleCustomer(r.Id,
            new Customer { Id = r.Id, FirstName = r.FirstName, LastName = r.LastName, Email = r.Email, ExternalId = r.ExternalId }.DisplayName,
            r.Email, r.Country, r.TotalSpent)).ToList();

    private sealed record SampleRow(int Id, string? FirstName, string? LastName, string? Email, string? ExternalId, string? Country,
        decimal TotalSpent);
}
