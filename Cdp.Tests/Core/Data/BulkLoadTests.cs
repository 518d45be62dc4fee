using Cdp.Core.Data;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Data;

public class BulkLoadTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DropSecondaryIndexes_GivenTheVaryingColumns_KeepsUniqueIndexesAndThoseOnOtherColumns()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync(Cancel);
        var before = await IndexesAsync(db);

        var rebuild = await BulkLoad.DropSecondaryIndexesAsync(db, ["Customers"], Cancel, new HashSet<string> { "Email", "Country", "SignedUpAt" });

        var kept = await IndexesAsync(db);
        Assert.Equal(["IX_Customers_Country", "IX_Customers_SignedUpAt"], before.Except(kept).Order());
        Assert.Contains("IX_Customers_Email", kept);
        Assert.Contains("IX_Customers_TotalSpent", kept);
        await BulkLoad.RebuildIndexesAsync(db, rebuild, Cancel);
        Assert.Equal(before, await IndexesAsync(db));
    }

    [Fact]
    public async Task DropSecondaryIndexes_WithoutVaryingColumns_DropsEveryNonUniqueIndex()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync(Cancel);

        var rebuild = await BulkLoad.DropSecondaryIndexesAsync(db, ["Customers"], Cancel);

        Assert.Equal(["IX_Customers_Email", "IX_Customers_ExternalId"], await IndexesAsync(db));
        Assert.Equal(7, rebuild.Count);
    }

    private static Task<List<string>> IndexesAsync(DbContext db) => db.Database
        .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Customers' AND sql IS NOT NULL ORDER BY name")
        .ToListAsync(Cancel);
}
