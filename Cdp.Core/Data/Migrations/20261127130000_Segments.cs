using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>Saved segments, and order indexes that also cover the customers of a time window and of a product.</summary>
[DbContext(typeof(CdpDbContext))]
[Migration("20261127130000_Segments")]
public sealed class Segments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Segments",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                Rules = table.Column<string>(type: "TEXT", nullable: false),
                CachedCount = table.Column<int>(type: "INTEGER", nullable: true),
                CountedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Segments", x => x.Id));

        migrationBuilder.CreateIndex("IX_Segments_Key", "Segments", "Key", unique: true);

        migrationBuilder.DropIndex("IX_Orders_OrderedAt_Total", "Orders");
        migrationBuilder.CreateIndex("IX_Orders_OrderedAt_CustomerId_Total", "Orders", new[] { "OrderedAt", "CustomerId", "Total" });
        migrationBuilder.DropIndex("IX_Orders_CustomerId_OrderedAt", "Orders");
        migrationBuilder.CreateIndex("IX_Orders_CustomerId_OrderedAt_Total", "Orders", new[] { "CustomerId", "OrderedAt", "Total" });
        migrationBuilder.DropIndex("IX_OrderLines_ProductId_Quantity_UnitPrice", "OrderLines");
        migrationBuilder.CreateIndex("IX_OrderLines_ProductId_Quantity_UnitPrice_OrderId", "OrderLines",
            new[] { "ProductId", "Quantity", "UnitPrice", "OrderId" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_OrderLines_ProductId_Quantity_UnitPrice_OrderId", "OrderLines");
        migrationBuilder.CreateIndex("IX_OrderLines_ProductId_Quantity_UnitPrice", "OrderLines", new[] { "ProductId", "Quantity", "UnitPrice" });
        migrationBuilder.DropIndex("IX_Orders_CustomerId_OrderedAt_Total", "Orders");
        migrationBuilder.CreateIndex("IX_Orders_CustomerId_OrderedAt", "Orders", new[] { "CustomerId", "OrderedAt" });
        migrationBuilder.DropIndex("IX_Orders_OrderedAt_CustomerId_Total", "Orders");
        migrationBuilder.CreateIndex("IX_Orders_OrderedAt_Total", "Orders", new[] { "OrderedAt", "Total" });
        migrationBuilder.DropTable("Segments");
    }
}
