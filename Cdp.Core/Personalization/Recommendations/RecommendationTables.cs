using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Personalization.Recommendations;

/// <summary>
/// The product-level tables behind <see cref="RecommendationService"/>: co-purchase pairs (each product's strongest
/// partners), best-sellers overall and per category, and next-level products per category. They are recomputed in
/// set-based SQL after every orders or products import and after seeding, so that one customer's recommendations
/// read only that customer's own order lines and these small tables, never the order history.
/// </summary>
public static class RecommendationTables
{
    /// <summary>How many partners each product keeps: enough to fill a row after removing what a customer owns.</summary>
    public const int PartnersPerProduct = 20;

    private const string Lines = "RecommendationLines";
    private const string Counts = "RecommendationPairCounts";

    // The level names are ours (ProductLevels), not input, so they are written into the text as literals.
    private static readonly string Steps = string.Join(", ", ProductLevels.Ascending.Zip(ProductLevels.Ascending.Skip(1))
        .Select(step => $"('{step.First}', '{step.Second}')"));

    private static readonly string[] Statements =
    [
        "DELETE FROM ProductPairs",
        "DELETE FROM ProductSales",
        "DELETE FROM NextLevelProducts",

        // Purchases per product walk the covering index on (ProductId, Quantity, …) with no sort.
        """
        INSERT INTO ProductSales (ProductId, Category, Purchases, OverallRank, CategoryRank)
        SELECT s.ProductId, p.Category, s.Purchases,
               ROW_NUMBER() OVER (ORDER BY s.Purchases DESC, s.ProductId),
               ROW_NUMBER() OVER (PARTITION BY p.Category ORDER BY s.Purchases DESC, s.ProductId)
        FROM (SELECT ProductId, COUNT(*) AS Purchases FROM OrderLines WHERE Quantity > 0 GROUP BY ProductId) AS s
        JOIN Products AS p ON p.Id = s.ProductId
        """,

        // Every product of the next level, bought or not (a new intermediate club is still the next step).
        $"""
        WITH Steps (FromLevel, ToLevel) AS (VALUES {Steps})
        INSERT INTO NextLevelProducts (Category, FromLevel, Rank, ProductId)
        SELECT p.Category, st.FromLevel,
               ROW_NUMBER() OVER (PARTITION BY p.Category, st.FromLevel ORDER BY COALESCE(s.Purchases, 0) DESC, p.Id), p.Id
        FROM Products AS p
        JOIN Steps AS st ON st.ToLevel = lower(p.Level)
        LEFT JOIN ProductSales AS s ON s.ProductId = p.Id
        WHERE p.Category IS NOT NULL
        """,

        // Co-purchases: each order's distinct bought products, clustered by order, joined with themselves. Each
        // unordered pair is counted once (smaller id first) into a small keyed table, which measured faster at five
        // million lines than grouping the pairs (a sort of millions of rows), then mirrored and cut to the top N.
        $"DROP TABLE IF EXISTS temp.{Lines}",
        $"DROP TABLE IF EXISTS temp.{Counts}",
        $"CREATE TEMP TABLE {Lines} (OrderId INTEGER NOT NULL, ProductId INTEGER NOT NULL, PRIMARY KEY (OrderId, ProductId)) WITHOUT ROWID",
        $"INSERT OR IGNORE INTO temp.{Lines} (OrderId, ProductId) SELECT OrderId, ProductId FROM OrderLines WHERE Quantity > 0",
        $"CREATE TEMP TABLE {Counts} (ProductId INTEGER NOT NULL, PairedProductId INTEGER NOT NULL, Orders INTEGER NOT NULL, PRIMARY KEY (ProductId, PairedProductId)) WITHOUT ROWID",
        // "WHERE true" keeps SQLite from reading ON CONFLICT as the join's ON (its documented parsing ambiguity).
        $"""
        INSERT INTO temp.{Counts} (ProductId, PairedProductId, Orders)
        SELECT a.ProductId, b.ProductId, 1
        FROM temp.{Lines} AS a JOIN temp.{Lines} AS b ON b.OrderId = a.OrderId AND b.ProductId > a.ProductId
        WHERE true
        ON CONFLICT (ProductId, PairedProductId) DO UPDATE SET Orders = Orders + 1
        """,
        $"""
        INSERT INTO ProductPairs (ProductId, PairedProductId, Orders)
        SELECT ProductId, PairedProductId, Orders FROM (
            SELECT ProductId, PairedProductId, Orders,
                   ROW_NUMBER() OVER (PARTITION BY ProductId ORDER BY Orders DESC, PairedProductId) AS Position
            FROM (SELECT ProductId, PairedProductId, Orders FROM temp.{Counts}
                  UNION ALL SELECT PairedProductId, ProductId, Orders FROM temp.{Counts}))
        WHERE Position <= {PartnersPerProduct}
        """,
        $"DROP TABLE temp.{Lines}",
        $"DROP TABLE temp.{Counts}",
    ];

    /// <summary>
    /// Recomputes the tables from the orders and products. Runs on the context's connection and in its current
    /// transaction, if any (imports and seeding call it inside theirs, so the tables change with the data).
    /// </summary>
    public static async Task RecomputeAsync(CdpDbContext db, CancellationToken ct)
    {
        // The temp tables live on one connection, so it stays open across the statements.
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var statement in Statements)
            {
                ct.ThrowIfCancellationRequested();
                await db.Database.ExecuteSqlRawAsync(statement, ct);
            }
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Fills the tables when they are empty while orders exist: a database made before they existed, or one whose
    /// orders were written by other means. Cheap otherwise (two indexed existence checks).
    /// </summary>
    public static async Task EnsureComputedAsync(CdpDbContext db, CancellationToken ct)
    {
        if (await db.Set<ProductSales>().AnyAsync(ct) || !await db.OrderLines.AnyAsync(l => l.Quantity > 0, ct)) return;
        await RecomputeAsync(db, ct);
    }
}
