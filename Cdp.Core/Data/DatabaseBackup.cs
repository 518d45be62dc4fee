using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Data;

/// <summary>
/// A consistent copy of the live database, made with SQLite's online backup: the copy is the database as it was at
/// one moment, even while an import writes (in WAL mode the backup reads a snapshot and writers carry on).
/// </summary>
public sealed class DatabaseBackup(IDbContextFactory<CdpDbContext> dbFactory)
{
    /// <summary>
    /// Writes the copy to <paramref name="targetPath"/> (replacing the file) as one self-contained file: rollback
    /// journal rather than WAL, so there is no -wal file to carry along.
    /// </summary>
    public async Task WriteToAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var source = (SqliteConnection)db.Database.GetDbConnection();
        File.Delete(targetPath);
        var target = new SqliteConnectionStringBuilder { DataSource = targetPath, Pooling = false }.ToString();
        await using var copy = new SqliteConnection(target);
        await copy.OpenAsync(cancellationToken);
        // One step copies every page under one read snapshot; the call is synchronous, so keep it off the caller's thread.
        await Task.Run(() => source.BackupDatabase(copy), cancellationToken);
        await using var command = copy.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
