using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Customers;

/// <summary>Finding customers and reading one customer's whole profile.</summary>
public sealed class CustomerDirectory(IDbContextFactory<CdpDbContext> dbFactory)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>One page of customers and the number matching in total. Everything runs in SQL.</summary>
    /// <exception cref="ArgumentException">A filter names an unknown column or has a value of the wrong type.</exception>
    public async Task<CustomerPage> ListAsync(CustomerListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = Filtered(db.Customers.AsNoTracking(), query);

        var total = await customers.CountAsync(cancellationToken);
        var rows = await CustomerListColumns.Sort(customers, query.SortBy, query.Descending)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(c => new CustomerRow(c.Id, c.ExternalId, c.FirstName, c.LastName, c.Email, c.Country, c.City,
                c.OrdersCount, c.TotalSpent, c.LastOrderAt, c.SignedUpAt))
            .ToListAsync(cancellationToken);
        return new CustomerPage(rows, total);
    }

    /// <summary>Checks a query's filters without running it, so that a caller can refuse it before answering.</summary>
    /// <exception cref="ArgumentException">A filter names an unknown column or has a value of the wrong type.</exception>
    public static void Validate(CustomerListQuery query) => Filtered(Enumerable.Empty<Customer>().AsQueryable(), query);

    /// <summary>
    /// The customers a query's search and column filters select, unsorted and unpaged: the grid pages through
    /// this, and the CSV export writes all of it.
    /// </summary>
    /// <exception cref="ArgumentException">A filter names an unknown column or has a value of the wrong type.</exception>
    internal static IQueryable<Customer> Filtered(IQueryable<Customer> customers, CustomerListQuery query)
    {
        customers = Search(customers, query.Search);
        foreach (var filter in query.Filters) customers = CustomerListColumns.Filter(customers, filter);
        return customers;
    }

    /// <summary>The customer with orders (newest first, with lines and products) and favourites, or null.</summary>
    public async Task<Customer?> GetProfileAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Customers.AsNoTracking().AsSplitQuery()
            .Include(c => c.Orders.OrderByDescending(o => o.OrderedAt)).ThenInclude(o => o.Lines).ThenInclude(l => l.Product)
            .Include(c => c.Favorites.OrderByDescending(f => f.AddedAt)).ThenInclude(f => f.Product)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>The id of the customer with this e-mail (any case, surrounding spaces ignored), or null.</summary>
    public async Task<int?> FindIdByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        if (EmailAddress.Normalize(email) is not { } normalized) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Customers.Where(c => c.Email == normalized).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Prefix search on the indexed, folded name keys and the NOCASE e-mail, so that it stays an index lookup at a
    /// million customers and "lukasz" finds "Łukasz". Two words match first and last name ("jeff mil"); the whole
    /// text also matches a last name, an e-mail, or exactly an external id.
    /// </summary>
    internal static IQueryable<Customer> Search(IQueryable<Customer> customers, string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text)) return customers;
        const string escape = CustomerListColumns.LikeEscape;
        var folded = TextFolding.Fold(text)!;
        var whole = CustomerListColumns.EscapeLike(folded) + "%";
        var email = CustomerListColumns.EscapeLike(text) + "%";
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2)
        {
            var first = CustomerListColumns.EscapeLike(words[0]) + "%";
            var last = CustomerListColumns.EscapeLike(string.Join(' ', words[1..])) + "%";
            return customers.Where(c =>
                (EF.Functions.Like(c.FirstNameKey, first, escape) && EF.Functions.Like(c.LastNameKey, last, escape))
                || EF.Functions.Like(c.LastNameKey, whole, escape)
                || EF.Functions.Like(c.Email, email, escape));
        }
        return customers.Where(c =>
            EF.Functions.Like(c.FirstNameKey, whole, escape)
            || EF.Functions.Like(c.LastNameKey, whole, escape)
            || EF.Functions.Like(c.Email, email, escape)
            || c.ExternalId == text);
    }
}
