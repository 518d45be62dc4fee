using Cdp.Core.Data;
using Cdp.Core.Products;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Personalization.Recommendations;

/// <summary>
/// The precomputed recommendation tables and the products, read whole once for a bulk run (they are small). Lists are
/// complete rather than as deep as one batch needs: a longer ranked list chooses the same
/// (<see cref="RecommendationChoice.BestSellersNeeded"/>), and next-level rows are looked up by step.
/// </summary>
internal sealed class RecommendationTablesSnapshot
{
    private RecommendationTablesSnapshot(ILookup<int, ProductPair> partners, ILookup<(string Category, string Level), NextLevelRow> nextLevel,
        IReadOnlyList<int> overall, Dictionary<string, IReadOnlyList<int>> inCategory, Dictionary<int, Product> products)
    {
        Partners = partners;
        NextLevel = nextLevel;
        _overall = overall;
        _inCategory = inCategory;
        Products = products;
    }

    private readonly IReadOnlyList<int> _overall;
    private readonly Dictionary<string, IReadOnlyList<int>> _inCategory;

    public ILookup<int, ProductPair> Partners { get; }
    public ILookup<(string Category, string Level), NextLevelRow> NextLevel { get; }
    public IReadOnlyDictionary<int, Product> Products { get; }

    /// <summary>The ranked best-sellers overall (null) or in a category (any letter case, as SQL's NOCASE compares).</summary>
    public IReadOnlyList<int> BestSellers(string? category) =>
        category is null ? _overall : _inCategory.GetValueOrDefault(category) ?? [];

    public static async Task<RecommendationTablesSnapshot> ReadAsync(CdpDbContext db, CancellationToken ct)
    {
        var pairs = await db.Set<ProductPair>().AsNoTracking().ToListAsync(ct);
        var nextLevel = await db.Set<NextLevelProduct>().AsNoTracking()
            .Join(db.Products, n => n.ProductId, p => p.Id, (n, p) => new NextLevelRow(n.Category, n.FromLevel, n.Rank, n.ProductId, p.Subcategory))
            .ToListAsync(ct);
        var sales = await db.Set<ProductSales>().AsNoTracking()
            .Select(s => new { s.Category, s.CategoryRank, s.OverallRank, s.ProductId })
            .ToListAsync(ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);

        var overall = sales.OrderBy(s => s.OverallRank).Select(s => s.ProductId).ToList();
        var inCategory = sales.Where(s => s.Category is not null)
            .GroupBy(s => s.Category!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.OrderBy(s => s.CategoryRank).Select(s => s.ProductId).ToList(),
                StringComparer.OrdinalIgnoreCase);
        return new RecommendationTablesSnapshot(pairs.ToLookup(p => p.ProductId), RecommendationChoice.ByStep(nextLevel), overall, inCategory,
            products);
    }
}
