namespace Cdp.Core.Personalization.Recommendations;

/// <summary>A customer's order line with a positive quantity, with its product.</summary>
internal sealed record PurchaseLine(int ProductId, int Quantity, decimal UnitPrice, string Name, string? Category, string? Subcategory,
    string? Level);

/// <summary>A product the customer bought: its lines and what they spent on it.</summary>
internal sealed record Purchase(int ProductId, string Name, string? Category, string? Subcategory, string? Level, int Lines, decimal Spent);

/// <summary>A precomputed next-level row with the product's subcategory.</summary>
internal sealed record NextLevelRow(string Category, string FromLevel, int Rank, int ProductId, string? Subcategory);

/// <summary>
/// How recommendations are chosen from data already read: the one-customer path and the batched path
/// (<see cref="RecommendationService.ForCustomersAsync(Data.CdpDbContext, IReadOnlyList{int}, int, CancellationToken)"/>) read the same rows differently and choose here, so they agree.
/// </summary>
internal static class RecommendationChoice
{
    /// <remarks>Loops rather than LINQ, as in <see cref="BoughtTogether"/>: a bulk render runs this for every customer.</remarks>
    public static List<Purchase> Purchases(IEnumerable<PurchaseLine> lines)
    {
        var byProduct = new Dictionary<int, (PurchaseLine First, int Lines, decimal Spent)>();
        foreach (var line in lines)
        {
            byProduct[line.ProductId] = byProduct.TryGetValue(line.ProductId, out var p)
                ? (p.First, p.Lines + 1, p.Spent + line.Quantity * line.UnitPrice)
                : (line, 1, 0m + line.Quantity * line.UnitPrice);
        }
        var result = new List<Purchase>(byProduct.Count);
        foreach (var (id, p) in byProduct)
            result.Add(new Purchase(id, p.First.Name, p.First.Category, p.First.Subcategory, p.First.Level, p.Lines, p.Spent));
        result.Sort((a, b) => a.ProductId.CompareTo(b.ProductId));
        return result;
    }

    /// <summary>
    /// The customer's chosen products with reasons. <paramref name="pairsOf"/> gives a bought product's partners,
    /// <paramref name="bestSellers"/> the best-sellers (in a category, or overall for null) ranked, at least as many as asked.
    /// </summary>
    /// <remarks>Best-sellers are asked for only when the other sources leave room, so the one-customer path reads them lazily.</remarks>
    public static async ValueTask<List<(int ProductId, string Reason)>> ChooseAsync(List<Purchase> purchases, int take,
        Func<int, IEnumerable<ProductPair>> pairsOf, ILookup<(string Category, string Level), NextLevelRow> nextLevelRows,
        Func<string?, int, ValueTask<IReadOnlyList<int>>> bestSellers)
    {
        var picks = new Picks(purchases.Select(p => p.ProductId), take);
        var categories = CategoriesByPurchases(purchases);
        picks.AddAlternating(BoughtTogether(purchases, pairsOf), NextLevel(purchases, categories, nextLevelRows));
        if (!picks.Full && categories.FirstOrDefault() is { } category)
            picks.AddAll(await bestSellers(category, picks.Needed), $"Best-seller in {category}");
        if (!picks.Full)
            picks.AddAll(await bestSellers(null, picks.Needed), "Best-seller");
        return picks.Chosen;
    }

    /// <summary>
    /// How many best-sellers <see cref="ChooseAsync"/> can ask for: it always asks for <c>take</c> plus the purchases (enough
    /// even if every one chosen or bought comes back), and a longer ranked list chooses the same.
    /// </summary>
    public static int BestSellersNeeded(List<Purchase> purchases, int take) => take + purchases.Count;

    /// <summary>
    /// Partners of the customer's purchases, strongest first: the orders they share with all of the customer's
    /// purchases together; named after the purchase they were most often bought with (ties: the lowest product id).
    /// </summary>
    /// <remarks>
    /// Loops rather than LINQ, and the reason text is made only for the few candidates chosen: a bulk render runs this
    /// for every customer, and a customer's purchases can have hundreds of partners.
    /// </remarks>
    private static List<Candidate> BoughtTogether(List<Purchase> purchases, Func<int, IEnumerable<ProductPair>> pairsOf)
    {
        if (purchases.Count == 0) return [];
        var partners = new Dictionary<int, (int Orders, int WithOrders, int With)>();
        foreach (var purchase in purchases)
        {
            foreach (var pair in pairsOf(purchase.ProductId))
            {
                if (!partners.TryGetValue(pair.PairedProductId, out var partner))
                {
                    partners[pair.PairedProductId] = (pair.Orders, pair.Orders, pair.ProductId);
                    continue;
                }
                var strongest = pair.Orders > partner.WithOrders || (pair.Orders == partner.WithOrders && pair.ProductId < partner.With);
                partners[pair.PairedProductId] = (partner.Orders + pair.Orders,
                    strongest ? pair.Orders : partner.WithOrders, strongest ? pair.ProductId : partner.With);
            }
        }
        var ranked = new List<(int Product, int Orders, int With)>(partners.Count);
        foreach (var (product, partner) in partners) ranked.Add((product, partner.Orders, partner.With));
        ranked.Sort((a, b) => a.Orders != b.Orders ? b.Orders.CompareTo(a.Orders) : a.Product.CompareTo(b.Product));

        var names = new Dictionary<int, string>(purchases.Count);
        foreach (var purchase in purchases) names[purchase.ProductId] = purchase.Name;
        var result = new List<Candidate>(ranked.Count);
        foreach (var (product, _, with) in ranked) result.Add(new Candidate(product, BoughtTogetherWith, names[with]));
        return result;
    }

    private const string BoughtTogetherWith = "Bought together with ";

    /// <summary>For each category with levelled purchases, the highest level bought there, when a next level exists.</summary>
    public static List<(string Category, string Level)> NextLevelSteps(List<Purchase> purchases) => NextLevelSteps(purchases, CategoriesByPurchases(purchases));

    private static List<(string Category, string Level)> NextLevelSteps(List<Purchase> purchases, List<string> categories)
    {
        var steps = new List<(string Category, string Level)>();
        foreach (var category in categories)
        {
            Purchase? highest = null;
            var highestRank = -1;
            foreach (var p in purchases)
            {
                // The first purchase of the highest level, as MaxBy would take.
                if (SameText(p.Category, category) && ProductLevels.Rank(p.Level) is var rank && rank > highestRank)
                    (highest, highestRank) = (p, rank);
            }
            if (highest is null) continue;
            var level = highest.Level!.ToLowerInvariant();
            if (ProductLevels.Next(level) is not null) steps.Add((category, level));
        }
        return steps;
    }

    /// <summary>
    /// For each category the customer bought levelled products in (their top categories first), the products one
    /// level above the highest they bought: the subcategories they already own first, the one they spent most on
    /// leading (a beginner club set and shoes lead to intermediate club sets, then shoes), then by the precomputed rank.
    /// </summary>
    private static List<Candidate> NextLevel(List<Purchase> purchases, List<string> categories,
        ILookup<(string Category, string Level), NextLevelRow> rows)
    {
        var result = new List<Candidate>();
        foreach (var (category, level) in NextLevelSteps(purchases, categories))
        {
            var owned = new List<(string Subcategory, decimal Spent)>();
            foreach (var p in purchases)
            {
                if (!SameText(p.Category, category) || p.Subcategory is null) continue;
                var at = owned.FindIndex(o => SameText(o.Subcategory, p.Subcategory));
                if (at < 0) owned.Add((p.Subcategory, 0m + p.Spent));
                else owned[at] = (owned[at].Subcategory, owned[at].Spent + p.Spent);
            }
            owned.Sort((a, b) => a.Spent != b.Spent ? b.Spent.CompareTo(a.Spent) : StringComparer.OrdinalIgnoreCase.Compare(a.Subcategory, b.Subcategory));
            var priorities = new Dictionary<string, int>(owned.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < owned.Count; i++) priorities[owned[i].Subcategory] = i;

            var reason = $"Next level after your {level} {category} gear";
            var ranked = new List<(int Priority, int Rank, int Order, int ProductId)>();
            foreach (var r in rows[(category, level)])
                ranked.Add((r.Subcategory is not null && priorities.TryGetValue(r.Subcategory, out var priority) ? priority : int.MaxValue,
                    r.Rank, ranked.Count, r.ProductId));
            ranked.Sort(); // by priority, rank, then the rows' own order (a stable sort, as LINQ's)
            foreach (var r in ranked) result.Add(new Candidate(r.ProductId, reason, null));
        }
        return result;
    }

    /// <summary>The categories the customer bought in, most purchased first (ties by name, ignoring case).</summary>
    private static List<string> CategoriesByPurchases(List<Purchase> purchases)
    {
        var categories = new List<(string Name, int Lines)>();
        foreach (var p in purchases)
        {
            if (p.Category is null) continue;
            var at = categories.FindIndex(c => SameText(c.Name, p.Category));
            if (at < 0) categories.Add((p.Category, p.Lines));
            else categories[at] = (categories[at].Name, categories[at].Lines + p.Lines);
        }
        categories.Sort((a, b) => a.Lines != b.Lines ? b.Lines.CompareTo(a.Lines) : StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name));
        return categories.ConvertAll(c => c.Name);
    }

    public static string? TopCategory(List<Purchase> purchases) => CategoriesByPurchases(purchases).FirstOrDefault();

    /// <summary>Next-level rows by category (ignoring case, as the steps name them) and level.</summary>
    public static ILookup<(string Category, string Level), NextLevelRow> ByStep(IEnumerable<NextLevelRow> rows) =>
        rows.ToLookup(r => (r.Category, r.FromLevel), StepComparer.Instance);

    private sealed class StepComparer : IEqualityComparer<(string Category, string Level)>
    {
        public static readonly StepComparer Instance = new();

        public bool Equals((string Category, string Level) x, (string Category, string Level) y) =>
            SameText(x.Category, y.Category) && string.Equals(x.Level, y.Level, StringComparison.Ordinal);

        public int GetHashCode((string Category, string Level) step) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(step.Category), StringComparer.Ordinal.GetHashCode(step.Level));
    }

    public static bool SameText(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A product that may be chosen, with its reason in two parts joined only if it is chosen.</summary>
    private readonly record struct Candidate(int ProductId, string Reason, string? ReasonEnd)
    {
        public string FullReason => ReasonEnd is null ? Reason : Reason + ReasonEnd;
    }

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
            {
                if (Full) return;
                TryAdd(new Candidate(id, reason, null));
            }
        }

        /// <summary>
        /// One from each list in turn (skipping what cannot be chosen), so neither source crowds out the other; when
        /// one runs out the other continues.
        /// </summary>
        public void AddAlternating(List<Candidate> first, List<Candidate> second)
        {
            int i = 0, j = 0;
            while (!Full && (i < first.Count || j < second.Count))
            {
                while (i < first.Count && !TryAdd(first[i++])) { }
                if (Full) break;
                while (j < second.Count && !TryAdd(second[j++])) { }
            }
        }

        private bool TryAdd(Candidate candidate)
        {
            if (!_skip.Add(candidate.ProductId)) return false;
            Chosen.Add((candidate.ProductId, candidate.FullReason));
            return true;
        }
    }
}
