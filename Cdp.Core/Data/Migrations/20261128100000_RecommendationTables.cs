using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>
/// The precomputed recommendation tables: co-purchase pairs, product sales with best-seller ranks, next-level
/// products. Filled at start-up when orders exist (RecommendationTables.EnsureComputedAsync), not here, so this
/// migration stays valid whatever the recomputation becomes.
/// </summary>
[DbContext(typeof(CdpDbContext))]
[Migration("20261128100000_RecommendationTables")]
public sealed class AddRecommendationTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ProductPairs",
            columns: table => new
            {
                ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                PairedProductId = table.Column<int>(type: "INTEGER", nullable: false),
                Orders = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ProductPairs", x => new { x.ProductId, x.PairedProductId }));

        migrationBuilder.CreateTable(
            name: "ProductSales",
            columns: table => new
            {
                ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, collation: "NOCASE"),
                Purchases = table.Column<int>(type: "INTEGER", nullable: false),
                OverallRank = table.Column<int>(type: "INTEGER", nullable: false),
                CategoryRank = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ProductSales", x => x.ProductId));
        migrationBuilder.CreateIndex("IX_ProductSales_OverallRank", "ProductSales", "OverallRank");
        migrationBuilder.CreateIndex("IX_ProductSales_Category_CategoryRank", "ProductSales", new[] { "Category", "CategoryRank" });

        migrationBuilder.CreateTable(
            name: "NextLevelProducts",
            columns: table => new
            {
                Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                FromLevel = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                Rank = table.Column<int>(type: "INTEGER", nullable: false),
                ProductId = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_NextLevelProducts", x => new { x.Category, x.FromLevel, x.Rank }));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("NextLevelProducts");
        migrationBuilder.DropTable("ProductSales");
        migrationBuilder.DropTable("ProductPairs");
    }
}
