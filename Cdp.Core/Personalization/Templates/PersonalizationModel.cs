namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// Everything a template can use about one customer (docs/personalization.md, "Templates"). Templates name the
/// members in camelCase (<c>{{firstName}}</c>, <c>{{#each favorites}}</c>); Handlebars resolves them regardless
/// of case. Missing facts are null or empty, never placeholders, so <c>{{default firstName "there"}}</c> works.
/// </summary>
public sealed class PersonalizationModel
{
    public int Id { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }

    /// <summary>First and last name, or null when neither is known.</summary>
    public string? FullName { get; init; }

    public string? Email { get; init; }

    /// <summary>Female, Male or Other; null when unknown.</summary>
    public string? Gender { get; init; }

    public int? Age { get; init; }
    public DateOnly? BirthDate { get; init; }

    /// <summary>Days until the next birthday; 0 on the day itself (29 February is celebrated on 28 February in common years).</summary>
    public int? DaysToBirthday { get; init; }

    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string? Country { get; init; }

    /// <summary>The country's English name.</summary>
    public string? CountryName { get; init; }

    /// <summary>Custom attributes by name (case-insensitive): numbers as decimals, booleans, text (dates as ISO 8601 text).</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = new Dictionary<string, object?>();

    public int OrdersCount { get; init; }
    public decimal TotalSpent { get; init; }
    public decimal AverageOrderValue { get; init; }
    public DateTime? LastOrderAt { get; init; }

    /// <summary>Whole calendar days since the last order; null without orders.</summary>
    public int? DaysSinceLastOrder { get; init; }

    public string? RfmSegment { get; init; }
    public string? LifecycleStage { get; init; }

    /// <summary>Keys of the saved segments the customer is in (what <c>inSegment "key"</c> tests).</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Favourites, most recently added first.</summary>
    public IReadOnlyList<FavoriteItem> Favorites { get; init; } = [];

    /// <summary>Recommended products, best first, with the reason each was chosen.</summary>
    public IReadOnlyList<RecommendationItem> Recommendations { get; init; } = [];

    public required StoreInfo Store { get; init; }

    /// <summary>The day the model was built for (UTC); <c>daysUntil</c> counts from it.</summary>
    public DateOnly Today { get; init; }

    /// <summary>
    /// A customer with every fact filled in and one item in each list, so that a trial render reaches every part
    /// of a template; also what a merge-field picker can show as example values.
    /// </summary>
    public static PersonalizationModel Sample(StoreInfo store, DateOnly today) => new()
    {
        Id = 1, FirstName = "Jeff", LastName = "Miller", FullName = "Jeff Miller", Email = "jeff.miller@example.com",
        Gender = "Male", Age = 41, BirthDate = today.AddYears(-41).AddDays(12), DaysToBirthday = 12,
        City = "Austin", Region = "Texas", PostalCode = "78701", Country = "US", CountryName = "United States",
        Attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["preferredStore"] = "Austin Flagship" },
        OrdersCount = 3, TotalSpent = 642.50m, AverageOrderValue = 214.17m, LastOrderAt = today.AddDays(-20).ToDateTime(TimeOnly.MinValue),
        DaysSinceLastOrder = 20, RfmSegment = "Potential Loyalist", LifecycleStage = "Active", Segments = ["beginner-golfers"],
        Favorites = [new("Fairway Range Glove", "GLF-0001", 24.99m, 3, true, "https://store.example.com/p/glf-0001", null)],
        Recommendations = [new("Summit Tour Irons", 499m, "https://store.example.com/p/glf-0002", null, "Next level after your beginner Golf gear", "Golf")],
        Store = store, Today = today,
    };
}

/// <summary>A product the customer saved as a favourite.</summary>
/// <param name="LowStock">Stock at or below <see cref="Products.Product.LowStockThreshold"/>.</param>
public sealed record FavoriteItem(string Name, string Sku, decimal Price, int Stock, bool LowStock, string? Url, string? ImageUrl);

/// <summary>A recommended product as templates see it.</summary>
/// <param name="Reason">Why it was chosen, e.g. "Bought together with Golf balls".</param>
public sealed record RecommendationItem(string Name, decimal Price, string? Url, string? ImageUrl, string Reason, string? Category);

/// <summary>The store the output speaks for: its name, the currency amounts are in, the culture numbers and dates are written in.</summary>
public sealed record StoreInfo(string Name, string Currency, string Culture);

/// <summary>
/// Where the model builder gets recommendations. Defined here so templates do not depend on how recommendations
/// are computed; the app adapts the recommendation service to it.
/// </summary>
public interface IRecommendationSource
{
    /// <summary>At most <paramref name="take"/> recommendations for the customer, best first, on the given context.</summary>
    Task<IReadOnlyList<RecommendationItem>> ForCustomerAsync(Data.CdpDbContext db, int customerId, int take, CancellationToken cancellationToken);

    /// <summary>
    /// The same for each of many customers (bulk renders). The default asks one by one; a source that can read many at
    /// once overrides it, with the same answers.
    /// </summary>
    async Task<IReadOnlyDictionary<int, IReadOnlyList<RecommendationItem>>> ForCustomersAsync(Data.CdpDbContext db, IReadOnlyList<int> customerIds,
        int take, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, IReadOnlyList<RecommendationItem>>(customerIds.Count);
        foreach (var id in customerIds) result[id] = await ForCustomerAsync(db, id, take, cancellationToken);
        return result;
    }

    /// <summary>
    /// A source for one bulk run, which may read what every batch needs once, up front (a snapshot, as the run's
    /// customers are). The default is this source itself.
    /// </summary>
    Task<IRecommendationSource> ForBulkRunAsync(Data.CdpDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult(this);
}
