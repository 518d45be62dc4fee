using System.Collections.Concurrent;
using System.Text.Json;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Import.Parsing;
using Cdp.Core.Products;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Sets;
using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// Builds the <see cref="PersonalizationModel"/> of one customer from their own rows only: the customer (by key),
/// their favourites with the products (by key), their segment memberships from the kept segment sets
/// (<see cref="SegmentSetCounter.IsInSegmentAsync"/>) and their recommendations (precomputed tables). Nothing scans
/// other customers' data, so a build costs the same at a million customers as at ten.
/// </summary>
public sealed class PersonalizationModelBuilder(
    IDbContextFactory<CdpDbContext> dbFactory,
    IRecommendationSource recommendations,
    SegmentSetCounter sets,
    SegmentEngine engine,
    IOptions<CdpOptions> options,
    TimeProvider clock)
{
    /// <summary>Recommendations put in each model (a homepage row shows four; emails rarely more).</summary>
    public const int RecommendationCount = 8;

    /// <summary>Favourites put in each model, most recently added first.</summary>
    public const int FavoriteCount = 20;

    private static readonly Func<CdpDbContext, int, Task<CustomerRow?>> CustomerQuery = EF.CompileAsyncQuery(
        (CdpDbContext db, int id) => db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => new CustomerRow(
            c.Id, c.FirstName, c.LastName, c.Email, c.Gender, c.BirthDate, c.City, c.Region, c.PostalCode, c.Country, c.Attributes,
            c.OrdersCount, c.TotalSpent, c.AverageOrderValue, c.FirstOrderAt, c.LastOrderAt, c.RfmSegment)).FirstOrDefault());

    private static readonly Func<CdpDbContext, int, IAsyncEnumerable<FavoriteItem>> FavoritesQuery = EF.CompileAsyncQuery(
        (CdpDbContext db, int id) => db.Favorites.AsNoTracking().Where(f => f.CustomerId == id)
            .OrderByDescending(f => f.AddedAt).ThenBy(f => f.ProductId).Take(FavoriteCount)
            .Select(f => new FavoriteItem(f.Product!.Name, f.Product.Sku, f.Product.Price, f.Product.Stock,
                f.Product.Stock <= Product.LowStockThreshold, f.Product.ProductUrl, f.Product.ImageUrl)));

    private static readonly ConcurrentDictionary<string, string> CountryNames = new(StringComparer.OrdinalIgnoreCase);

    private volatile SegmentKeys? _segmentKeys;

    /// <summary>The customer's model, or null when there is no such customer.</summary>
    public async Task<PersonalizationModel?> BuildAsync(int customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await BuildAsync(db, customerId, cancellationToken);
    }

    /// <inheritdoc cref="BuildAsync(int, CancellationToken)"/>
    /// <remarks>On a given context, for callers that build many models in a row (bulk rendering).</remarks>
    public async Task<PersonalizationModel?> BuildAsync(CdpDbContext db, int customerId, CancellationToken cancellationToken = default)
    {
        if (await CustomerQuery(db, customerId) is not { } c) return null;
        var now = clock.GetUtcNow().UtcDateTime;

        var favorites = new List<FavoriteItem>();
        await foreach (var favorite in FavoritesQuery(db, customerId).WithCancellation(cancellationToken))
            favorites.Add(favorite with { Url = SafeUrl.OrNull(favorite.Url), ImageUrl = SafeUrl.OrNull(favorite.ImageUrl) });
        var recommended = (await recommendations.ForCustomerAsync(db, customerId, RecommendationCount, cancellationToken))
            .Select(r => r with { Url = SafeUrl.OrNull(r.Url), ImageUrl = SafeUrl.OrNull(r.ImageUrl) }).ToList();

        return Model(c, favorites, recommended, await SegmentsOfAsync(db, customerId, cancellationToken), now);
    }

    /// <summary>
    /// The models of many customers, equal to <see cref="BuildAsync(CdpDbContext, int, CancellationToken)"/> one by one,
    /// read in a few set-based queries for the whole batch (customers, favourites, recommendations) with segment
    /// memberships from the kept sets: for bulk renders, in batches of about 1,000.
    /// </summary>
    /// <returns>The models in the order of <paramref name="customerIds"/>; ids with no customer are left out.</returns>
    public Task<IReadOnlyList<PersonalizationModel>> BuildManyAsync(CdpDbContext db, IReadOnlyList<int> customerIds,
        CancellationToken cancellationToken = default) => BuildManyAsync(db, customerIds, recommendations, cancellationToken);

    /// <summary>The recommendation source for one bulk run (<see cref="IRecommendationSource.ForBulkRunAsync"/>), read up front.</summary>
    internal Task<IRecommendationSource> BulkRunRecommendationsAsync(CdpDbContext db, CancellationToken cancellationToken) =>
        recommendations.ForBulkRunAsync(db, cancellationToken);

    /// <inheritdoc cref="BuildManyAsync(CdpDbContext, IReadOnlyList{int}, CancellationToken)"/>
    /// <param name="source">Where recommendations come from: a bulk run's source (<see cref="BulkRunRecommendationsAsync"/>).</param>
    internal async Task<IReadOnlyList<PersonalizationModel>> BuildManyAsync(CdpDbContext db, IReadOnlyList<int> customerIds,
        IRecommendationSource source, CancellationToken cancellationToken = default)
    {
        if (customerIds.Count == 0) return [];
        var ids = customerIds.Distinct().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        // EF.Parameter: the ids go as one JSON parameter (json_each) rather than EF 10's default of one parameter per id;
        // binding a thousand parameters cost three times what the query itself does.
        var customers = await db.Customers.AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id)).Select(c => new CustomerRow(
                c.Id, c.FirstName, c.LastName, c.Email, c.Gender, c.BirthDate, c.City, c.Region, c.PostalCode, c.Country, c.Attributes,
                c.OrdersCount, c.TotalSpent, c.AverageOrderValue, c.FirstOrderAt, c.LastOrderAt, c.RfmSegment))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var found = ids.Where(customers.ContainsKey).ToList();
        if (found.Count == 0) return [];

        var favoriteRows = await db.Favorites.AsNoTracking().Where(f => EF.Parameter(found).Contains(f.CustomerId))
            .Select(f => new { f.CustomerId, f.AddedAt, f.ProductId, Item = new FavoriteItem(f.Product!.Name, f.Product.Sku, f.Product.Price,
                f.Product.Stock, f.Product.Stock <= Product.LowStockThreshold, f.Product.ProductUrl, f.Product.ImageUrl) })
            .ToListAsync(cancellationToken);
        var favorites = favoriteRows.GroupBy(f => f.CustomerId).ToDictionary(g => g.Key, g => g
            .OrderByDescending(f => f.AddedAt).ThenBy(f => f.ProductId).Take(FavoriteCount)
            .Select(f => f.Item with { Url = SafeUrl.OrNull(f.Item.Url), ImageUrl = SafeUrl.OrNull(f.Item.ImageUrl) }).ToList());
        var recommended = await source.ForCustomersAsync(db, found, RecommendationCount, cancellationToken);
        var memberships = await SegmentSetsAsync(db, cancellationToken);

        var models = new List<PersonalizationModel>(found.Count);
        foreach (var id in customerIds)
        {
            if (!customers.TryGetValue(id, out var c)) continue;
            var segments = memberships.Where(m => m.Set.Contains(id)).Select(m => m.Key).ToList();
            var items = recommended[id].Select(r => r with { Url = SafeUrl.OrNull(r.Url), ImageUrl = SafeUrl.OrNull(r.ImageUrl) }).ToList();
            models.Add(Model(c, favorites.GetValueOrDefault(id) ?? [], items, segments, now));
        }
        return models;
    }

    private PersonalizationModel Model(CustomerRow c, List<FavoriteItem> favorites, List<RecommendationItem> recommended,
        IReadOnlyList<string> segments, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        var fullName = string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
        var store = options.Value;
        return new PersonalizationModel
        {
            Id = c.Id,
            FirstName = Clean(c.FirstName),
            LastName = Clean(c.LastName),
            FullName = fullName.Length > 0 ? fullName : null,
            Email = c.Email,
            Gender = c.Gender == Gender.Unknown ? null : c.Gender.ToString(),
            BirthDate = c.BirthDate,
            Age = c.BirthDate is { } birth && birth <= today ? CustomerAge.InYears(birth, today) : null,
            DaysToBirthday = c.BirthDate is { } b ? DaysToBirthday(b, today) : null,
            City = Clean(c.City),
            Region = Clean(c.Region),
            PostalCode = Clean(c.PostalCode),
            Country = Clean(c.Country),
            CountryName = string.IsNullOrWhiteSpace(c.Country) ? null : CountryNames.GetOrAdd(c.Country, Countries.EnglishName),
            Attributes = Attributes(c.Attributes),
            OrdersCount = c.OrdersCount,
            TotalSpent = c.TotalSpent,
            AverageOrderValue = c.AverageOrderValue,
            LastOrderAt = c.LastOrderAt,
            DaysSinceLastOrder = c.LastOrderAt is { } last ? today.DayNumber - DateOnly.FromDateTime(last).DayNumber : null,
            RfmSegment = c.RfmSegment,
            LifecycleStage = LifecycleStages.Of(c.OrdersCount, c.FirstOrderAt, c.LastOrderAt, now),
            Segments = segments,
            Favorites = favorites,
            Recommendations = recommended,
            Store = new StoreInfo(store.StoreName, store.Currency, store.Culture),
            Today = today,
        };
    }

    /// <summary>0 on the birthday; people born on 29 February celebrate on 28 February in common years.</summary>
    internal static int DaysToBirthday(DateOnly birthDate, DateOnly today)
    {
        var next = CustomerAge.Birthday(birthDate, today.Year);
        if (next < today) next = CustomerAge.Birthday(birthDate, today.Year + 1);
        return next.DayNumber - today.DayNumber;
    }

    private async Task<IReadOnlyList<string>> SegmentsOfAsync(CdpDbContext db, int customerId, CancellationToken cancellationToken)
    {
        var keys = await SegmentKeysAsync(db, cancellationToken);
        var member = new List<string>();
        foreach (var key in keys)
        {
            try
            {
                if (await sets.IsInSegmentAsync(key, customerId, cancellationToken)) member.Add(key);
            }
            catch (RuleTreeException)
            {
                // A saved segment whose rules no longer compile (a custom attribute it uses is gone) contains no one;
                // the segments list shows the problem, a render must not fail on it.
            }
        }
        return member;
    }

    /// <summary>Every saved segment's kept set, in key order; a segment that cannot be evaluated contains no one (as above).</summary>
    private async Task<List<(string Key, CustomerSet Set)>> SegmentSetsAsync(CdpDbContext db, CancellationToken cancellationToken)
    {
        var result = new List<(string, CustomerSet)>();
        foreach (var key in await SegmentKeysAsync(db, cancellationToken))
        {
            try
            {
                result.Add((key, (await sets.SegmentSetAsync(key, cancellationToken)).Segment));
            }
            catch (RuleTreeException)
            {
                // Left out, as SegmentsOfAsync leaves it out for one customer.
            }
        }
        return result;
    }

    /// <summary>The saved segments' keys, read again only when the data or the segments changed.</summary>
    private async Task<IReadOnlyList<string>> SegmentKeysAsync(CdpDbContext db, CancellationToken cancellationToken)
    {
        var stamp = engine.Stamp;
        if (stamp is not null && _segmentKeys is { } cached && cached.Stamp == stamp) return cached.Keys;
        var keys = await db.Segments.AsNoTracking().OrderBy(s => s.Key).Select(s => s.Key).ToListAsync(cancellationToken);
        if (stamp is not null) _segmentKeys = new SegmentKeys(stamp.Value, keys);
        return keys;
    }

    private static IReadOnlyDictionary<string, object?> Attributes(string? json)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json)) return values;
        try
        {
            foreach (var (name, value) in CustomAttributes.Parse(json))
                values[name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.TryGetDecimal(out var d) ? d : value.GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => value.GetRawText(),
                };
        }
        catch (JsonException)
        {
            // Attributes are written by imports as valid JSON; a hand-edited broken value leaves them out rather than failing a render.
        }
        return values;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record SegmentKeys((long, long) Stamp, IReadOnlyList<string> Keys);

    private sealed record CustomerRow(int Id, string? FirstName, string? LastName, string? Email, Gender Gender, DateOnly? BirthDate,
        string? City, string? Region, string? PostalCode, string? Country, string? Attributes, int OrdersCount, decimal TotalSpent,
        decimal AverageOrderValue, DateTime? FirstOrderAt, DateTime? LastOrderAt, string? RfmSegment);
}
