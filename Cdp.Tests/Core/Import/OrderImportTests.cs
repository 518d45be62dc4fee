using Cdp.Core.Customers;
using Cdp.Core.Import;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Import;

public class OrderImportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Customers = """
        customer_id,email,first_name
        C1,anna@example.com,Anna
        C2,bo@example.com,Bo
        """;

    private const string ShopExport = """
        Order ID,Customer ID,Email,Order Date,SKU,Product Name,Category,Qty,Unit Price
        1001,C1,,2026-01-05 10:00,GB-1,Golf balls,Golf,2,10.00
        1001,C1,,2026-01-05 10:00,GL-2,Golf glove,Golf,1,25.50
        1002,,bo@example.com,2026-02-01,GB-1,Golf balls,Golf,3,10.00
        1003,C1,,2026-03-10,GL-2,Golf glove,Golf,-1,25.50
        """;

    private static async Task<ImportHarness> WithCustomersAsync()
    {
        var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Customers, ImportKind.Customers, cancellationToken: Cancel);
        return harness;
    }

    [Fact]
    public async Task Import_ShopExport_CreatesOrdersProductsAndRecomputesMetrics()
    {
        await using var harness = await WithCustomersAsync();

        var result = await harness.ImportAsync(ShopExport, ImportKind.Orders, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(Rows: 4, Inserted: 3, Updated: 0, Unchanged: 0, Rejected: 0, Merged: 0), result.Counts);
        Assert.Equal(2, result.Created["products"]);
        await using var db = harness.Database.NewContext();
        var glove = await db.Products.SingleAsync(p => p.Sku == "GL-2", Cancel);
        Assert.Equal(("Golf glove", "Golf", 25.50m), (glove.Name, glove.Category, glove.Price));
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "1001", Cancel);
        Assert.Equal(45.50m, order.Total);
        Assert.Equal(2, order.Lines.Count);

        var anna = await db.Customers.SingleAsync(c => c.ExternalId == "C1", Cancel);
        Assert.Equal(2, anna.OrdersCount);
        Assert.Equal(20.00m, anna.TotalSpent);               // 45.50 bought, 25.50 returned
        Assert.Equal(10.00m, anna.AverageOrderValue);
        Assert.Equal(new DateTime(2026, 1, 5, 10, 0, 0), anna.FirstOrderAt);
        Assert.Equal(new DateTime(2026, 3, 10), anna.LastOrderAt);
        var bo = await db.Customers.SingleAsync(c => c.ExternalId == "C2", Cancel);
        Assert.Equal((1, 30.00m), (bo.OrdersCount, bo.TotalSpent));
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondTimeEverythingUnchanged()
    {
        await using var harness = await WithCustomersAsync();
        await harness.ImportAsync(ShopExport, ImportKind.Orders, cancellationToken: Cancel);

        var again = await harness.ImportAsync(ShopExport, ImportKind.Orders, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(4, Inserted: 0, Updated: 0, Unchanged: 3, Rejected: 0, Merged: 0), again.Counts);
        Assert.Equal(0, again.Created["products"]);
    }

    [Fact]
    public async Task Import_ChangedLines_ReplacesTheOrdersLinesAndMetrics()
    {
        await using var harness = await WithCustomersAsync();
        await harness.ImportAsync(ShopExport, ImportKind.Orders, cancellationToken: Cancel);

        var result = await harness.ImportAsync("""
            Order ID,Customer ID,Order Date,SKU,Qty,Unit Price
            1001,C1,2026-01-05 10:00,GB-1,5,10.00
            """, ImportKind.Orders, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(1, Inserted: 0, Updated: 1, Unchanged: 0, Rejected: 0, Merged: 0), result.Counts);
        await using var db = harness.Database.NewContext();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "1001", Cancel);
        Assert.Equal(50.00m, order.Total);
        Assert.Single(order.Lines);
        Assert.Equal(24.50m, (await db.Customers.SingleAsync(c => c.ExternalId == "C1", Cancel)).TotalSpent);
    }

    [Fact]
    public async Task Import_UnknownOrMissingCustomer_RejectsTheLinesWithTheReason()
    {
        await using var harness = await WithCustomersAsync();

        var result = await harness.ImportAsync("""
            order_id,customer_id,email,date,sku,quantity,price
            2001,C9,,2026-01-05,GB-1,1,10
            2002,,,2026-01-05,GB-1,1,10
            2003,C1,,2026-01-05,GB-1,1,10
            """, ImportKind.Orders, cancellationToken: Cancel);

        Assert.Equal((1, 2), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Contains(result.FirstErrors, e => e.Line == 2 && e.Message.StartsWith("no customer with customer id C9", StringComparison.Ordinal));
        Assert.Contains(result.FirstErrors, e => e.Line == 3 && e.Message.Contains("neither a customer id nor an e-mail", StringComparison.Ordinal));
        await using var db = harness.Database.NewContext();
        Assert.Equal(2, await db.Customers.CountAsync(Cancel));
    }

    [Fact]
    public async Task Import_CreateMissingCustomers_AddsThemFromTheOrderColumns()
    {
        await using var harness = await WithCustomersAsync();

        var result = await harness.ImportAsync("""
            order_id,customer_id,email,first name,country,date,sku,quantity,price
            2001,C9,cy@example.com,Cy,Sweden,2026-01-05,GB-1,1,10
            2001,C9,cy@example.com,Cy,Sweden,2026-01-05,GL-2,2,5
            2002,C9,cy@example.com,Cy,Sweden,2026-02-05,GB-1,1,10
            """, ImportKind.Orders, new ImportOptions { CreateMissingCustomers = true }, cancellationToken: Cancel);

        Assert.Equal((2, 0, 1), (result.Counts.Inserted, result.Counts.Rejected, result.Created["customers"]));
        await using var db = harness.Database.NewContext();
        var cy = await db.Customers.SingleAsync(c => c.ExternalId == "C9", Cancel);
        Assert.Equal(("cy@example.com", "Cy", "SE"), (cy.Email, cy.FirstName, cy.Country));
        Assert.Equal((2, 30m, new DateTime(2026, 1, 5)), (cy.OrdersCount, cy.TotalSpent, cy.SignedUpAt));
    }

    [Fact]
    public async Task Import_OneBadLine_RejectsTheWholeOrder()
    {
        await using var harness = await WithCustomersAsync();

        var result = await harness.ImportAsync("""
            order_id,customer_id,date,sku,quantity,price
            3001,C1,2026-01-05,GB-1,1,10
            3001,C1,2026-01-05,GL-2,lots,5
            3002,C1,2026-01-06,GB-1,0,10
            3003,C2,2026-01-07,GB-1,1,10
            """, ImportKind.Orders, cancellationToken: Cancel);

        Assert.Equal((1, 3), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Contains(result.FirstErrors, e => e.Line == 2 && e.Message == "order 3001 is not imported: its line 3 was rejected");
        Assert.Contains(result.FirstErrors, e => e.Line == 4 && e.Message.StartsWith("quantity 0", StringComparison.Ordinal));
        await using var db = harness.Database.NewContext();
        Assert.Equal(["3003"], await db.Orders.Select(o => o.ExternalId).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Import_CustomerAndDateOnFirstLineOnly_OtherLinesTakeThem()
    {
        await using var harness = await WithCustomersAsync();

        var result = await harness.ImportAsync("""
            Name,Email,Created at,Lineitem sku,Lineitem quantity,Lineitem price
            #1001,anna@example.com,2026-01-05 10:00:00 +0100,GB-1,1,10.00
            #1001,,,GL-2,1,25.50
            """, ImportKind.Orders, cancellationToken: Cancel);

        Assert.True(result.Counts.Rejected == 0, string.Join("; ", result.FirstErrors));
        Assert.Equal(1, result.Counts.Inserted);
        await using var db = harness.Database.NewContext();
        var order = await db.Orders.Include(o => o.Customer).SingleAsync(Cancel);
        Assert.Equal(("#1001", "anna@example.com", 35.50m), (order.ExternalId, order.Customer!.Email, order.Total));
    }

    [Fact]
    public async Task Import_LineTotalWithoutUnitPrice_DividesByQuantity()
    {
        await using var harness = await WithCustomersAsync();

        await harness.ImportAsync("""
            order_id,customer_id,date,sku,qty,line total
            4001,C2,2026-01-05,GB-1,4,30.00
            """, ImportKind.Orders, cancellationToken: Cancel);

        await using var db = harness.Database.NewContext();
        var line = await db.OrderLines.SingleAsync(Cancel);
        Assert.Equal((4, 7.5m), (line.Quantity, line.UnitPrice));
    }

    [Fact]
    public async Task Import_DryRun_ReportsCountsAndChangesNothing()
    {
        await using var harness = await WithCustomersAsync();

        var result = await harness.ImportAsync(ShopExport, ImportKind.Orders, new ImportOptions { DryRun = true }, cancellationToken: Cancel);

        Assert.Equal(3, result.Counts.Inserted);
        await using var db = harness.Database.NewContext();
        Assert.Equal((0, 0), (await db.Orders.CountAsync(Cancel), await db.Products.CountAsync(Cancel)));
        Assert.Equal(0, (await db.Customers.SingleAsync(c => c.ExternalId == "C1", Cancel)).OrdersCount);
    }

    [Fact]
    public async Task Analyze_OrdersFileChosenAsCustomers_WarnsAboutTheKind()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var path = harness.WriteFile(ShopExport);

        var asCustomers = await harness.AnalyzeAsync(path, ImportKind.Customers);
        var asOrders = await harness.AnalyzeAsync(path, ImportKind.Orders);

        Assert.Contains("This looks like an orders file, not a customers file: check what you are importing before you run it.", asCustomers.Warnings);
        Assert.DoesNotContain(asOrders.Warnings, w => w.Contains("looks like", StringComparison.Ordinal));
        var catalogue = await harness.AnalyzeAsync(harness.WriteFile("sku,name,price,stock\nA-1,Ball,2.50,10\n"), ImportKind.Products);
        Assert.DoesNotContain(catalogue.Warnings, w => w.Contains("looks like", StringComparison.Ordinal));
    }
}
