using Cdp.Core.Personalization.Templates;
using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Personalization.Recommendations;

/// <summary>
/// Products to recommend to one customer, from the tables <see cref="RecommendationTables"/> precomputes. In order:
/// products bought together with the customer's purchases, alternating with the next level of the categories they
/// buy in (a customer with beginner Golf gear gets intermediate Golf products); then best-sellers in the customer's
/// top category; then best-sellers overall. Never a product the customer bought (an order line with a positive
/// quantity; a return alone is not a purchase). Deterministic: every tie is broken by product id.
/// </summary>
/// <remarks>
/// A call reads the customer's own order lines (through the orders' customer index) and the precomputed tables by
/// their keys; no query scans the order history. Given <paramref name="changes"/> (as the app does), the tables
/// are kept in memory as of the current data version (they are small and change only with imports), so a call reads
/// only the customer's order lines: the choice is then the bulk path's, tested equal to the query path.
/// </remarks>
public sealed partial class RecommendationService(IDbContextFactory<CdpDbContext> dbFactory, DataChanges? changes = null) : IRecommendationSource
{
    private (long Version, Task<RecommendationTablesSnapshot> Tables)? _kept;

    /// <summary>The tables as of the current data version, read once per version; null when changes are not tracked.</summary>
    private Task<RecommendationTablesSnapshot>? KeptTables()
    {
        if (changes is null) return null;
        var version = changes.Version;
        if (_kept is { } kept && kept.Version == version && !kept.Tables.IsFaulted && !kept.Tables.IsCanceled) return kept.Tables;
        var tables = ReadTablesAsync();
        _kept = (version, tables);
        return tables;

        async Task<RecommendationTablesSnapshot> ReadTablesAsync()
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await RecommendationTablesSnapshot.ReadAsync(db, CancellationToken.None);
        }
    }

    /// <summary>Up to <paramref name="take"/> recommendations for the customer; best-sellers for one without orders.</summary>
    public async Task<IReadOnlyList<Recommendation>> ForCustomerAsync(int customerId, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForCustomerAsync(db, customerId, take, ct);
    }

    /// <summary>The same as <see cref="ForCustomerAsync(int, int, CancellationToken)"/>, on a context the caller owns.</summary>
    public async Task<IReadOnlyList<Recommendation>> ForCustomerAsync(CdpDbContext db, int customerId, int take, CancellationToken ct)
    {
        if (take <= 0) return [];
        if (KeptTables() is { } kept) return (await ForCustomersAsync(db, [customerId], take, await kept, ct))[customerId];
        var purchases = RecommendationChoice.Purchases(await db.OrderLines.AsNoTracking()
            .Where(l => l.Order!.CustomerId == customerId && l.Quantity > 0)
            .Select(l => new PurchaseLine(l.ProductId, l.Quantity, l.UnitPrice, l.Product!.Name, l.Product.Category, l.Product.Subcategory, l.Product.Level))
            .ToListAsync(ct));

        var bought = purchases.Select(p => p.ProductId).ToList();
        List<ProductPair> pairs = purchases.Count == 0 ? [] : await PairsAsync(db, bought, ct);
        var nextLevel = await NextLevelRowsAsync(db, RecommendationChoice.NextLevelSteps(purchases), ct);
        var partners = pairs.ToLookup(p => p.ProductId);
        var chosen = await RecommendationChoice.ChooseAsync(purchases, take, id => partners[id], RecommendationChoice.ByStep(nextLevel),
            async (category, needed) => await BestSellerIdsAsync(db, category, needed, ct));
        return await DetailsAsync(db, chosen, ct);
    }

    /// <summary>The best-selling products overall, or in <paramref name="category"/> (any letter case).</summary>
    public async Task<IReadOnlyList<Recommendation>> BestSellersAsync(string? category, int take, CancellationToken ct)
    {
        if (take <= 0) return [];
        IReadOnlyList<Recommendation> products;
        if (KeptTables() is { } kept)
        {
            var tables = await kept;
            products = Details(tables.Products, tables.BestSellers(category).Take(take).Select(id => (id, "Best-seller")).ToList());
        }
        else
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ids = await BestSellerIdsAsync(db, category, take, ct);
            products = await DetailsAsync(db, ids.Select(id => (id, "Best-seller")).ToList(), ct);
        }
        // Named as the catalogue spells the category, whatever the caller typed.
        return category is null ? products : products.Select(r => r with { Reason = $"Best-seller in {r.Category}" }).ToList();
    }

    private static async Task<List<ProductPair>> PairsAsync(CdpDbContext db, List<int> productIds, CancellationToken ct) =>
        await db.Set<ProductPair>().AsNoTracking().Where(p => productIds.Contains(p.ProductId)).ToListAsync(ct);

    /// <summary>The precomputed next-level rows for the steps' categories and levels (a superset: choosing filters per step).</summary>
    private static async Task<List<NextLevelRow>> NextLevelRowsAsync(CdpDbContext db, IEnumerable<(string Category, string Level)> steps,
        CancellationToken ct)
    {
        var categories = steps.Select(s => s.Category).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (categories.Count == 0) return [];
        var levels = steps.Select(s => s.Level).Distinct().ToList();
        return await db.Set<NextLevelProduct>().AsNoTracking()
            .Where(n => categories.Contains(n.Category) && levels.Contains(n.FromLevel))
            .Join(db.Products, n => n.ProductId, p => p.Id, (n, p) => new NextLevelRow(n.Category, n.FromLevel, n.Rank, n.ProductId, p.Subcategory))
            .ToListAsync(ct);
    }

    private static async Task<List<int>> BestSellerIdsAsync(CdpDbContext db, string? category, int take, CancellationToken ct)
    {
        var sales = db.Set<ProductSales>().AsNoTracking();
        var ranked = category is null
            ? sales.OrderBy(s => s.OverallRank)
            : sales.Where(s => s.Category == category).OrderBy(s => s.CategoryRank);
        return await ranked.Select(s => s.ProductId).Take(take).ToListAsync(ct);
    }

    private static async Task<IReadOnlyList<Recommendation>> DetailsAsync(CdpDbContext db, List<(int ProductId, string Reason)> chosen,
        CancellationToken ct)
    {
        if (chosen.Count == 0) return [];
        var ids = chosen.Select(c => c.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return Details(products, chosen);
    }

    private static List<Recommendation> Details(IReadOnlyDictionary<int, Products.Product> products, List<(int ProductId, string Reason)> chosen)
    {
        var result = new List<Recommendation>(chosen.Count);
        foreach (var (id, reason) in chosen)
        {
            if (products.TryGetValue(id, out var p))
                result.Add(new Recommendation(p.Id, p.Sku, p.Name, p.Category, p.Level, p.Price, p.ProductUrl, p.ImageUrl, reason));
        }
        return result;
    }

    /// <summary>What templates see of a recommendation (the <c>recommendations</c> list of the personalisation model).</summary>
    async Task<IReadOnlyList<RecommendationItem>> IRecommendationSource.ForCustomerAsync(CdpDbContext db, int customerId, int take,
        CancellationToken ct) =>
        (await ForCustomerAsync(db, customerId, take, ct))
            .Select(Item).ToList();

    /// <summary>What templates see of many customers' recommendations, read in a few queries for the batch.</summary>
    async Task<IReadOnlyDictionary<int, IReadOnlyList<RecommendationItem>>> IRecommendationSource.ForCustomersAsync(CdpDbContext db,
        IReadOnlyList<int> customerIds, int take, CancellationToken ct) =>
        Items(await ForCustomersAsync(db, customerIds, take, ct));

    private static Dictionary<int, IReadOnlyList<RecommendationItem>> Items(IReadOnlyDictionary<int, IReadOnlyList<Recommendation>> many) =>
        many.ToDictionary(e => e.Key, e => (IReadOnlyList<RecommendationItem>)e.Value.Select(Item).ToList());

    private static RecommendationItem Item(Recommendation r) => new(r.Name, r.Price, r.Url, r.ImageUrl, r.Reason, r.Category);
}
