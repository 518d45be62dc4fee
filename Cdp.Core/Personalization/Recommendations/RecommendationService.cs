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
/// their keys; no query scans the order history.
/// </remarks>
public sealed class RecommendationService(IDbContextFactory<CdpDbContext> dbFactory) : IRecommendationSource
{
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
        var purchases = await PurchasesAsync(db, customerId, ct);
        var picks = new Picks(purchases.Select(p => p.ProductId), take);

        var together = await BoughtTogetherAsync(db, purchases, ct);
        var nextLevel = await NextLevelAsync(db, purchases, ct);
        picks.AddAlternating(together, nextLevel);

        if (!picks.Full && TopCategory(purchases) is { } category)
            picks.AddAll(await BestSellerIdsAsync(db, category, picks.Needed, ct), $"Best-seller in {category}");
        if (!picks.Full)
            picks.AddAll(await BestSellerIdsAsync(db, null, picks.Needed, ct), "Best-seller");

        return await DetailsAsync(db, picks.Chosen, ct);
    }

    /// <summary>The best-selling products overall, or in <paramref name="category"/> (any letter case).</summary>
    public async Task<IReadOnlyList<Recommendation>> BestSellersAsync(string? category, int take, CancellationToken ct)
    {
        if (take <= 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await BestSellerIdsAsync(db, category, take, ct);
        var products = await DetailsAsync(db, ids.Select(id => (id, "Best-seller")).ToList(), ct);
        // Named as the catalogue spells the category, whatever the caller typed.
        return category is null ? products : products.Select(r => r with { Reason = $"Best-seller in {r.Category}" }).ToList();
    }

    private sealed record Purchase(int ProductId, string Name, string? Category, string? Subcategory, string? Level, int Lines, decimal Spent);

    /// <summary>The customer's bought products: order lines with a positive quantity, through the customer's orders.</summary>
    private static async Task<List<Purchase>> PurchasesAsync(CdpDbContext db, int customerId, CancellationToken ct)
    {
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order!.CustomerId == customerId && l.Quantity > 0)
            .Select(l => new { l.ProductId, l.Quantity, l.UnitPrice, l.Product!.Name, l.Product.Category, l.Product.Subcategory, l.Product.Level })
            .ToListAsync(ct);
        return lines.GroupBy(l => l.ProductId)
            .Select(g => new Purchase(g.Key, g.First().Name, g.First().Category, g.First().Subcategory, g.First().Level, g.Count(),
                g.Sum(l => l.Quantity * l.UnitPrice)))
            .OrderBy(p => p.ProductId)
            .ToList();
    }

    /// <summary>
    /// Partners of the customer's purchases, strongest first: the orders they share with all of the customer's
    /// purchases together; named after the purchase they were most often bought with.
    /// </summary>
    private static async Task<List<(int ProductId, string Reason)>> BoughtTogetherAsync(CdpDbContext db, List<Purchase> purchases,
        CancellationToken ct)
    {
        if (purchases.Count == 0) return [];
        var bought = purchases.Select(p => p.ProductId).ToList();
        var pairs = await db.Set<ProductPair>().AsNoTracking()
            .Where(p => bought.Contains(p.ProductId))
            .Select(p => new { p.ProductId, p.PairedProductId, p.Orders })
            .ToListAsync(ct);
        var names = purchases.ToDictionary(p => p.ProductId, p => p.Name);
        return pairs.GroupBy(p => p.PairedProductId)
            .Select(g => (Product: g.Key, Orders: g.Sum(p => p.Orders),
                With: g.OrderByDescending(p => p.Orders).ThenBy(p => p.ProductId).First().ProductId))
            .OrderByDescending(c => c.Orders).ThenBy(c => c.Product)
            .Select(c => (c.Product, $"Bought together with {names[c.With]}"))
            .ToList();
    }

    /// <summary>
    /// For each category the customer bought levelled products in (their top categories first), the products one
    /// level above the highest they bought: the subcategories they already own first, the one they spent most on
    /// leading (a beginner club set and shoes lead to intermediate club sets, then shoes), then by the precomputed rank.
    /// </summary>
    private static async Task<List<(int ProductId, string Reason)>> NextLevelAsync(CdpDbContext db, List<Purchase> purchases,
        CancellationToken ct)
    {
        var steps = CategoriesByPurchases(purchases)
            .Select(category => (Category: category, Level: purchases
                .Where(p => SameText(p.Category, category) && ProductLevels.Rank(p.Level) >= 0)
                .Select(p => p.Level!.ToLowerInvariant()).MaxBy(ProductLevels.Rank)))
            .Where(step => step.Level is not null && ProductLevels.Next(step.Level) is not null)
            .ToList();
        if (steps.Count == 0) return [];

        var categories = steps.Select(s => s.Category).ToList();
        var levels = steps.Select(s => s.Level!).Distinct().ToList();
        var rows = await db.Set<NextLevelProduct>().AsNoTracking()
            .Where(n => categories.Contains(n.Category) && levels.Contains(n.FromLevel))
            .Join(db.Products, n => n.ProductId, p => p.Id, (n, p) => new { n.Category, n.FromLevel, n.Rank, n.ProductId, p.Subcategory })
            .ToListAsync(ct);

        var result = new List<(int, string)>();
        foreach (var (category, level) in steps)
        {
            var owned = purchases.Where(p => SameText(p.Category, category) && p.Subcategory is not null)
                .GroupBy(p => p.Subcategory!, StringComparer.OrdinalIgnoreCase)
                .OrderByDescending(g => g.Sum(p => p.Spent)).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select((g, i) => (g.Key, Priority: i))
                .ToDictionary(g => g.Key, g => g.Priority, StringComparer.OrdinalIgnoreCase);
            var reason = $"Next level after your {level} {category} gear";
            result.AddRange(rows.Where(r => SameText(r.Category, category) && r.FromLevel == level)
                .OrderBy(r => r.Subcategory is not null && owned.TryGetValue(r.Subcategory, out var priority) ? priority : int.MaxValue)
                .ThenBy(r => r.Rank)
                .Select(r => (r.ProductId, reason)));
        }
        return result;
    }

    /// <summary>The categories the customer bought in, most purchased first (ties by name).</summary>
    private static List<string> CategoriesByPurchases(List<Purchase> purchases) =>
        purchases.Where(p => p.Category is not null)
            .GroupBy(p => p.Category!, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Sum(p => p.Lines)).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Key)
            .ToList();

    private static string? TopCategory(List<Purchase> purchases) => CategoriesByPurchases(purchases).FirstOrDefault();

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
        var ids = chosen.Select(c => c.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var result = new List<Recommendation>(chosen.Count);
        foreach (var (id, reason) in chosen)
        {
            if (products.TryGetValue(id, out var p))
                result.Add(new Recommendation(p.Id, p.Sku, p.Name, p.Category, p.Level, p.Price, p.ProductUrl, p.ImageUrl, reason));
        }
        return result;
    }

    private static bool SameText(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The recommendations chosen so far, in order, skipping what the customer bought or is already chosen.</summary>
    private sealed class Picks(IEnumerable<int> bought, int take)
    {
        private readonly HashSet<int> _skip = [.. bought];

        public List<(int ProductId, string Reason)> Chosen { get; } = [];
        public bool Full => Chosen.Count >= take;

        /// <summary>Enough to fill the list even if every one chosen or bought comes back.</summary>
        public int Needed => take - Chosen.Count + _skip.Count;

        public void AddAll(IEnumerable<int> productIds, string reason)
        {
            foreach (var id in productIds)
                if (!Full) TryAdd((id, reason));
        }

        /// <summary>
        /// One from each list in turn (skipping what cannot be chosen), so neither source crowds out the other; when
        /// one runs out the other continues.
        /// </summary>
        public void AddAlternating(List<(int ProductId, string Reason)> first, List<(int ProductId, string Reason)> second)
        {
            int i = 0, j = 0;
            while (!Full && (i < first.Count || j < second.Count))
            {
                while (i < first.Count && !TryAdd(first[i++])) { }
                if (Full) break;
                while (j < second.Count && !TryAdd(second[j++])) { }
            }
        }

        private bool TryAdd((int ProductId, string Reason) candidate)
        {
            if (!_skip.Add(candidate.ProductId)) return false;
            Chosen.Add(candidate);
            return true;
        }
    }

    /// <summary>What templates see of a recommendation (the <c>recommendations</c> list of the personalisation model).</summary>
    async Task<IReadOnlyList<RecommendationItem>> IRecommendationSource.ForCustomerAsync(CdpDbContext db, int customerId, int take,
        CancellationToken ct) =>
        (await ForCustomerAsync(db, customerId, take, ct))
            .Select(r => new RecommendationItem(r.Name, r.Price, r.Url, r.ImageUrl, r.Reason, r.Category)).ToList();
}
