using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>Customers, products, orders with lines, and favourites.</summary>
/// <remarks>Written by hand (no EF design-time tools here); MigrationsTests proves it matches the model.</remarks>
[DbContext(typeof(CdpDbContext))]
[Migration("20261124120000_InitialCustomerModel")]
public sealed class InitialCustomerModel : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Customers",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true, collation: "NOCASE"),
                FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                FirstNameKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, collation: "NOCASE"),
                LastNameKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, collation: "NOCASE"),
                Gender = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                Income = table.Column<double>(type: "REAL", nullable: true),
                MaritalStatus = table.Column<string>(type: "TEXT", nullable: true),
                Occupation = table.Column<string>(type: "TEXT", nullable: true),
                Education = table.Column<string>(type: "TEXT", nullable: true),
                Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                Region = table.Column<string>(type: "TEXT", nullable: true),
                City = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, collation: "NOCASE"),
                PostalCode = table.Column<string>(type: "TEXT", nullable: true),
                Device = table.Column<string>(type: "TEXT", nullable: true),
                PreferredChannel = table.Column<string>(type: "TEXT", nullable: true),
                AcquisitionSource = table.Column<string>(type: "TEXT", nullable: true),
                Interests = table.Column<string>(type: "TEXT", nullable: false),
                EmailOptIn = table.Column<bool>(type: "INTEGER", nullable: false),
                SignedUpAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                Attributes = table.Column<string>(type: "TEXT", nullable: true),
                OrdersCount = table.Column<int>(type: "INTEGER", nullable: false),
                TotalSpent = table.Column<double>(type: "REAL", nullable: false),
                AverageOrderValue = table.Column<double>(type: "REAL", nullable: false),
                FirstOrderAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                LastOrderAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Customers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Products",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, collation: "NOCASE"),
                Subcategory = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, collation: "NOCASE"),
                Level = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                Price = table.Column<double>(type: "REAL", nullable: false),
                Stock = table.Column<int>(type: "INTEGER", nullable: false),
                ImageUrl = table.Column<string>(type: "TEXT", nullable: true),
                ProductUrl = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Products", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Orders",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                OrderedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                Channel = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                Total = table.Column<double>(type: "REAL", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Orders", x => x.Id);
                table.ForeignKey("FK_Orders_Customers_CustomerId", x => x.CustomerId, "Customers", "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Favorites",
            columns: table => new
            {
                CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Favorites", x => new { x.CustomerId, x.ProductId });
                table.ForeignKey("FK_Favorites_Customers_CustomerId", x => x.CustomerId, "Customers", "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Favorites_Products_ProductId", x => x.ProductId, "Products", "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "OrderLines",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrderId = table.Column<int>(type: "INTEGER", nullable: false),
                ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                UnitPrice = table.Column<double>(type: "REAL", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrderLines", x => x.Id);
                table.ForeignKey("FK_OrderLines_Orders_OrderId", x => x.OrderId, "Orders", "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_OrderLines_Products_ProductId", x => x.ProductId, "Products", "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_Customers_Country", "Customers", "Country");
        migrationBuilder.CreateIndex("IX_Customers_Email", "Customers", "Email", unique: true);
        migrationBuilder.CreateIndex("IX_Customers_ExternalId", "Customers", "ExternalId", unique: true);
        migrationBuilder.CreateIndex("IX_Customers_FirstNameKey", "Customers", "FirstNameKey");
        migrationBuilder.CreateIndex("IX_Customers_LastNameKey", "Customers", "LastNameKey");
        migrationBuilder.CreateIndex("IX_Customers_LastOrderAt", "Customers", "LastOrderAt");
        migrationBuilder.CreateIndex("IX_Customers_SignedUpAt", "Customers", "SignedUpAt");
        migrationBuilder.CreateIndex("IX_Customers_TotalSpent", "Customers", "TotalSpent");
        migrationBuilder.CreateIndex("IX_Favorites_ProductId", "Favorites", "ProductId");
        migrationBuilder.CreateIndex("IX_OrderLines_OrderId", "OrderLines", "OrderId");
        migrationBuilder.CreateIndex("IX_OrderLines_ProductId_Quantity_UnitPrice", "OrderLines", new[] { "ProductId", "Quantity", "UnitPrice" });
        migrationBuilder.CreateIndex("IX_Orders_CustomerId_OrderedAt", "Orders", new[] { "CustomerId", "OrderedAt" });
        migrationBuilder.CreateIndex("IX_Orders_ExternalId", "Orders", "ExternalId", unique: true);
        migrationBuilder.CreateIndex("IX_Orders_OrderedAt_Total", "Orders", new[] { "OrderedAt", "Total" });
        migrationBuilder.CreateIndex("IX_Products_Category", "Products", "Category");
        migrationBuilder.CreateIndex("IX_Products_Sku", "Products", "Sku", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Favorites");
        migrationBuilder.DropTable("OrderLines");
        migrationBuilder.DropTable("Orders");
        migrationBuilder.DropTable("Products");
        migrationBuilder.DropTable("Customers");
    }
}
