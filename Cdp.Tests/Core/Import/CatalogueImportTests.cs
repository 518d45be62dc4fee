using Cdp.Core.Import;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Import;

/// <summary>Products and favourites.</summary>
public class CatalogueImportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Catalogue = """
        SKU,Product Name,Category,Sub Category,Level,Price,Stock
        GB-1,Golf balls,Golf,Balls,Beginner,"1.299,00",40
        GL-2,Golf glove,Golf,Gloves,PRO,25.50,3
        """;

    [Fact]
    public async Task Import_Products_InsertsThenUpdatesOnlyWhatChanged()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var first = await harness.ImportAsync(Catalogue, ImportKind.Products, cancellationToken: Cancel);

        var second = await harness.ImportAsync("""
            sku,price,stock
            GB-1,1299,40
            GL-2,25.50,0
            HT-3,,
            """, ImportKind.Products, cancellationToken: Cancel);

        Assert.Equal(2, first.Counts.Inserted);
        Assert.Equal(new ImportCounts(3, Inserted: 1, Updated: 1, Unchanged: 1, Rejected: 0, Merged: 0), second.Counts);
        await using var db = harness.Database.NewContext();
        var glove = await db.Products.SingleAsync(p => p.Sku == "GL-2", Cancel);
        Assert.Equal(("Golf glove", "Gloves", "pro", 25.50m, 0), (glove.Name, glove.Subcategory, glove.Level, glove.Price, glove.Stock));
        Assert.Equal(1299m, (await db.Products.SingleAsync(p => p.Sku == "GB-1", Cancel)).Price);
        Assert.Equal("HT-3", (await db.Products.SingleAsync(p => p.Sku == "HT-3", Cancel)).Name);   // named by its SKU until a file names it
    }

    [Fact]
    public async Task Import_ProductWithoutSku_Rejected()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var result = await harness.ImportAsync("sku,name\n,Mystery\nA-1,Known\n", ImportKind.Products, cancellationToken: Cancel);

        Assert.Equal((1, 1), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Equal("no SKU: the SKU identifies the product", Assert.Single(result.FirstErrors).Message);
    }

    [Fact]
    public async Task Import_Favorites_ResolvesCustomersAndProductsAndMergesDuplicates()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("customer id,email\nC1,anna@example.com\n", ImportKind.Customers, cancellationToken: Cancel);
        await harness.ImportAsync(Catalogue, ImportKind.Products, cancellationToken: Cancel);

        var result = await harness.ImportAsync("""
            customer_id,email,sku,date added
            C1,,GB-1,2026-01-01
            ,ANNA@example.com,GL-2,2026-01-02
            C1,,GL-2,2026-01-03
            C9,,GB-1,2026-01-01
            C1,,NOPE,2026-01-01
            """, ImportKind.Favorites, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(5, Inserted: 2, Updated: 0, Unchanged: 0, Rejected: 2, Merged: 1), result.Counts);
        Assert.Contains(result.FirstErrors, e => e.Line == 5 && e.Message == "no customer with customer id C9 (import the customers first)");
        Assert.Contains(result.FirstErrors, e => e.Line == 6 && e.Message == "no product with SKU NOPE (import the products first)");
        await using var db = harness.Database.NewContext();
        var glove = await db.Favorites.SingleAsync(f => f.Product!.Sku == "GL-2", Cancel);
        Assert.Equal(new DateTime(2026, 1, 3), glove.AddedAt);

        var again = await harness.ImportAsync("customer_id,sku,date added\nC1,GB-1,2026-01-01\nC1,GL-2,2026-02-01\n", ImportKind.Favorites, cancellationToken: Cancel);
        Assert.Equal((0, 1, 1), (again.Counts.Inserted, again.Counts.Updated, again.Counts.Unchanged));
    }
}
