namespace Cdp.Core.Personalization.Recommendations;

// Rows of the product-level tables that RecommendationTables recomputes after every orders or products import and
// after seeding. They are derived data: nothing else writes them, and a recomputation replaces them whole.

/// <summary>
/// Two products bought in the same order: <see cref="Orders"/> is how many orders hold both (positive quantities).
/// Only each product's strongest partners are kept (<see cref="RecommendationTables.PartnersPerProduct"/>).
/// </summary>
internal sealed class ProductPair
{
    public int ProductId { get; set; }
    public int PairedProductId { get; set; }
    public int Orders { get; set; }
}

/// <summary>
/// A product's purchases (order lines with a positive quantity) and its best-seller rank overall and within its
/// category (1 = best; ties broken by product id). Products never bought have no row.
/// </summary>
internal sealed class ProductSales
{
    public int ProductId { get; set; }
    public string? Category { get; set; }
    public int Purchases { get; set; }
    public int OverallRank { get; set; }
    public int CategoryRank { get; set; }
}

/// <summary>
/// A product one level above <see cref="FromLevel"/> in its category, ranked by purchases (1 = best, ties broken
/// by product id): what a customer whose highest level there is <see cref="FromLevel"/> moves up to.
/// </summary>
internal sealed class NextLevelProduct
{
    public required string Category { get; set; }
    public required string FromLevel { get; set; }
    public int Rank { get; set; }
    public int ProductId { get; set; }
}
