using Cdp.Core.Data;
using Cdp.Core.Personalization.Templates;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Personalization.Recommendations;

public sealed partial class RecommendationService
{
    /// <summary>
    /// The same recommendations as <see cref="ForCustomerAsync(CdpDbContext, int, int, CancellationToken)"/> for each of
    /// many customers, read in a few set-based queries for the whole batch (their order lines, the partners and next-level
    /// rows of everything they bought, the best-sellers they can need, the chosen products) instead of a few per customer.
    /// For bulk renders: a batch of about 1,000 customers costs about what ten single calls do.
    /// </summary>
    /// <returns>Every asked id (unknown ids get the best-sellers, as in the single call).</returns>
    public Task<IReadOnlyDictionary<int, IReadOnlyList<Recommendation>>> ForCustomersAsync(CdpDbContext db, IReadOnlyList<int> customerIds,
        int take, CancellationToken ct) => ForCustomersAsync(db, customerIds, take, null, ct);

    /// <summary>With <paramref name="tables"/>, only the order lines are read; the tables and products come from it.</summary>
    private async Task<IReadOnlyDictionary<int, IReadOnlyList<Recommendation>>> ForCustomersAsync(CdpDbContext db, IReadOnlyList<int> customerIds,
        int take, RecommendationTablesSnapshot? tables, CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<Recommendation>>(customerIds.Count);
        if (customerIds.Count == 0) return result;
        if (take <= 0)
        {
            foreach (var id in customerIds) result[id] = [];
            return result;
        }

        var ids = customerIds.Distinct().ToList();
        var byCustomer = tables is null ? await LinesAsync(db, ids, ct) : await LinesAsync(db, ids, tables.Products, ct);
        var purchases = ids.ToDictionary(id => id, id => RecommendationChoice.Purchases(byCustomer[id]));

        ILookup<int, ProductPair> partners;
        ILookup<(string Category, string Level), NextLevelRow> nextLevel;
        Func<string?, IReadOnlyList<int>> bestSellers;
        if (tables is not null)
        {
            partners = tables.Partners;
            nextLevel = tables.NextLevel;
            bestSellers = tables.BestSellers;
        }
        else
        {
            var bought = purchases.Values.SelectMany(p => p).Select(p => p.ProductId).Distinct().ToList();
            partners = (bought.Count == 0 ? [] : await PairsAsync(db, bought, ct)).ToLookup(p => p.ProductId);
            nextLevel = RecommendationChoice.ByStep(
                await NextLevelRowsAsync(db, purchases.Values.SelectMany(RecommendationChoice.NextLevelSteps).Distinct().ToList(), ct));
            bestSellers = await BestSellersForAsync(db, purchases.Values, take, ct);
        }

        var chosen = new Dictionary<int, List<(int ProductId, string Reason)>>(ids.Count);
        foreach (var id in ids)
            chosen[id] = await RecommendationChoice.ChooseAsync(purchases[id], take, product => partners[product], nextLevel,
                (category, _) => ValueTask.FromResult(bestSellers(category)));

        IReadOnlyDictionary<int, Products.Product> products;
        if (tables is not null) products = tables.Products;
        else
        {
            var productIds = chosen.Values.SelectMany(c => c).Select(c => c.ProductId).Distinct().ToList();
            products = productIds.Count == 0
                ? new Dictionary<int, Products.Product>()
                : await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        }
        foreach (var id in customerIds) result[id] = Details(products, chosen[id]);
        return result;
    }

    /// <summary>The customers' order lines with a positive quantity, with their products.</summary>
    /// <remarks>The ids go as one JSON parameter (<see cref="EF.Parameter{T}"/>), as in <see cref="PersonalizationModelBuilder"/>'s batch queries.</remarks>
    private static async Task<ILookup<int, PurchaseLine>> LinesAsync(CdpDbContext db, List<int> ids, CancellationToken ct) =>
        (await db.OrderLines.AsNoTracking()
            .Where(l => EF.Parameter(ids).Contains(l.Order!.CustomerId) && l.Quantity > 0)
            .Select(l => new
            {
                l.Order!.CustomerId,
                Line = new PurchaseLine(l.ProductId, l.Quantity, l.UnitPrice, l.Product!.Name, l.Product.Category, l.Product.Subcategory, l.Product.Level),
            })
            .ToListAsync(ct))
        .ToLookup(l => l.CustomerId, l => l.Line);

    /// <summary>
    /// The same with the products taken from a bulk run's snapshot: the query reads four numbers per line and no texts
    /// (no join to the products). A line of a product the snapshot lacks (added during the
    /// run) is left out, as the inner join above leaves out a line without a product.
    /// </summary>
    private static async Task<ILookup<int, PurchaseLine>> LinesAsync(CdpDbContext db, List<int> ids, IReadOnlyDictionary<int, Products.Product> products,
        CancellationToken ct)
    {
        var rows = await db.OrderLines.AsNoTracking()
            .Where(l => EF.Parameter(ids).Contains(l.Order!.CustomerId) && l.Quantity > 0)
            .Select(l => new { l.Order!.CustomerId, l.ProductId, l.Quantity, l.UnitPrice })
            .ToListAsync(ct);
        var lines = new List<(int CustomerId, PurchaseLine Line)>(rows.Count);
        foreach (var row in rows)
        {
            if (products.TryGetValue(row.ProductId, out var p))
                lines.Add((row.CustomerId, new PurchaseLine(row.ProductId, row.Quantity, row.UnitPrice, p.Name, p.Category, p.Subcategory, p.Level)));
        }
        return lines.ToLookup(l => l.CustomerId, l => l.Line);
    }

    /// <summary>
    /// The ranked best-sellers every customer of the batch can ask for: overall, and in each customer's top category,
    /// as deep as the customer who can need most (<see cref="RecommendationChoice.BestSellersNeeded"/>). A longer list
    /// chooses the same as the exact one the single call reads.
    /// </summary>
    private static async Task<Func<string?, IReadOnlyList<int>>> BestSellersForAsync(CdpDbContext db, IEnumerable<List<Purchase>> customers,
        int take, CancellationToken ct)
    {
        var depth = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var overallDepth = 0;
        foreach (var purchases in customers)
        {
            var needed = RecommendationChoice.BestSellersNeeded(purchases, take);
            overallDepth = Math.Max(overallDepth, needed);
            if (RecommendationChoice.TopCategory(purchases) is { } category)
                depth[category] = Math.Max(depth.GetValueOrDefault(category), needed);
        }

        var overall = await BestSellerIdsAsync(db, null, overallDepth, ct);
        var inCategory = new Dictionary<string, IReadOnlyList<int>>(StringComparer.OrdinalIgnoreCase);
        if (depth.Count > 0)
        {
            var categories = depth.Keys.ToList();
            var maxDepth = depth.Values.Max();
            // Categories compare without case in SQL (NOCASE), as in the single call's query.
            var rows = await db.Set<ProductSales>().AsNoTracking()
                .Where(s => categories.Contains(s.Category!) && s.CategoryRank <= maxDepth)
                .Select(s => new { s.Category, s.CategoryRank, s.ProductId })
                .ToListAsync(ct);
            foreach (var group in rows.GroupBy(r => r.Category!, StringComparer.OrdinalIgnoreCase))
                inCategory[group.Key] = group.OrderBy(r => r.CategoryRank).Select(r => r.ProductId).ToList();
        }
        return category => category is null ? overall : inCategory.GetValueOrDefault(category) ?? [];
    }

    /// <summary>
    /// A source for one bulk run: the precomputed tables and the products are read once, here, instead of per batch
    /// (they are small: thousands of pairs, hundreds of products), so a batch reads only its customers' order lines.
    /// Like the run's segment sets, they are a snapshot taken when the run starts.
    /// </summary>
    async Task<IRecommendationSource> IRecommendationSource.ForBulkRunAsync(CdpDbContext db, CancellationToken ct) =>
        new BulkRunSource(this, await RecommendationTablesSnapshot.ReadAsync(db, ct));

    private sealed class BulkRunSource(RecommendationService service, RecommendationTablesSnapshot tables) : IRecommendationSource
    {
        public Task<IReadOnlyList<RecommendationItem>> ForCustomerAsync(CdpDbContext db, int customerId, int take, CancellationToken ct) =>
            ((IRecommendationSource)service).ForCustomerAsync(db, customerId, take, ct);

        public async Task<IReadOnlyDictionary<int, IReadOnlyList<RecommendationItem>>> ForCustomersAsync(CdpDbContext db,
            IReadOnlyList<int> customerIds, int take, CancellationToken ct) =>
            Items(await service.ForCustomersAsync(db, customerIds, take, tables, ct));
    }
}
