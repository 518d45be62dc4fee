using Cdp.Core.Data;
using Cdp.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Cdp.Tests.Core.Data;

public class DatabaseBackupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteTo_WhileAWriterHoldsAnOpenTransaction_CopiesTheCommittedState()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.NewContext())
        {
            db.AddRange(new CustomerBuilder().WithEmail("a@example.com").Build(), new CustomerBuilder().WithEmail("b@example.com").Build());
            await db.SaveChangesAsync(Cancel);
        }
        await using (var wal = new SqliteConnection(database.ConnectionString))
        {
            await wal.OpenAsync(Cancel);
            await using var pragma = wal.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL";
            await pragma.ExecuteNonQueryAsync(Cancel);
        }
        var target = Path.Combine(Path.GetTempPath(), $"cdp-backup-test-{Guid.NewGuid():N}.db");
        try
        {
            // A writer half-way: every customer deleted, not committed yet.
            await using var writer = new SqliteConnection(database.ConnectionString);
            await writer.OpenAsync(Cancel);
            await using var transaction = writer.BeginTransaction();
            await using (var insert = writer.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "DELETE FROM Customers";
                await insert.ExecuteNonQueryAsync(Cancel);
            }

            await new DatabaseBackup(database.Factory).WriteToAsync(target, Cancel);
            await transaction.RollbackAsync(Cancel);

            Assert.Equal(2L, await Sql.ScalarAsync<long>($"Data Source={target};Pooling=False", "SELECT COUNT(*) FROM Customers"));
            Assert.Equal("delete", await Sql.ScalarAsync<string>($"Data Source={target};Pooling=False", "PRAGMA journal_mode"));
            Assert.False(File.Exists(target + "-wal"));
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public async Task WriteTo_TooLittleFreeSpace_RefusedNamingBothSizes_NoFileLeft()
    {
        await using var database = await TestDatabase.CreateAsync();
        var backup = new DatabaseBackup(database.Factory, freeBytes: _ => 3 * 1024);
        var target = Path.Combine(Path.GetTempPath(), $"cdp-backup-test-{Guid.NewGuid():N}.db");

        var space = await backup.SpaceAsync(Path.GetTempPath(), Cancel);
        var refused = await Assert.ThrowsAsync<BackupSpaceException>(() => backup.WriteToAsync(target, Cancel));

        Assert.False(space.Enough);
        Assert.True(space.NeededBytes > 3 * 1024, "the database's pages");
        Assert.Contains($"needs about {BackupSpace.Size(space.NeededBytes)}", refused.Message);
        Assert.Contains("has 3 KB free", refused.Message);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Space_OnThisMachine_IsTheDatabasesPagesAgainstTheDrivesFreeBytes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Path.GetTempPath();

        var space = await new DatabaseBackup(database.Factory).SpaceAsync(folder, Cancel);

        var pages = await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
        Assert.Equal(pages, space.NeededBytes);
        Assert.Equal(new DriveInfo(folder).AvailableFreeSpace, space.FreeBytes, tolerance: 64 * 1024 * 1024);
    }

    [Theory]
    [InlineData(3 * 1024L, "3 KB")]
    [InlineData(412L * 1024 * 1024, "412 MB")]
    [InlineData(51L * 1024 * 1024 * 1024 + 300L * 1024 * 1024, "51.3 GB")]
    public void Size_ReadsInTheUnitThatFits(long bytes, string expected) => Assert.Equal(expected, BackupSpace.Size(bytes));
}
