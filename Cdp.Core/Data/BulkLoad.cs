using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cdp.Core.Data;

/// <summary>
/// Settings and tricks for writing millions of rows in one transaction: a large page cache, and secondary
/// indexes dropped before the load and rebuilt after it (building an index once from sorted data is several
/// times faster than updating it row by row). Everything happens inside the caller's transaction, so a failed
/// or cancelled load leaves the schema and data exactly as they were.
/// </summary>
internal static class BulkLoad
{
    /// <summary>Page cache for seeding, in KiB (SQLite's negative cache_size unit).</summary>
    public const int SeedCacheKibibytes = 256 * 1024;

    /// <summary>Page cache for imports: smaller, so that an import stays under 400 MB whatever the file size.</summary>
    public const int ImportCacheKibibytes = 96 * 1024;

    public static async Task UseLargeCacheAsync(DbContext db, CancellationToken cancellationToken, int kibibytes = SeedCacheKibibytes)
    {
        // A PRAGMA takes no parameters; the value is a number of ours, not input. Bulk work reads through its own
        // bounded cache rather than memory-mapped pages (SqlitePragmas), which would count in the process's
        // working set up to the size of the file.
        var pragma = "PRAGMA mmap_size = 0; PRAGMA cache_size = -" + kibibytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlRawAsync(pragma, cancellationToken);
    }

    /// <summary>Drops the non-unique indexes of <paramref name="tables"/> and returns the SQL that rebuilds them.</summary>
    public static async Task<IReadOnlyList<string>> DropSecondaryIndexesAsync(DbContext db, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var indexes = new List<(string Name, string Sql)>();
        foreach (var table in tables)
        {
            await using var command = Command(connection, db,
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'");
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in indexes)
        {
            await using var drop = Command(connection, db, $"DROP INDEX \"{name.Replace("\"", "\"\"")}\"");
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        return indexes.Select(i => i.Sql).ToList();
    }

    public static async Task RebuildIndexesAsync(DbContext db, IEnumerable<string> createStatements, CancellationToken cancellationToken)
    {
        foreach (var sql in createStatements)
        {
            await using var create = Command(db.Database.GetDbConnection(), db, sql);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand Command(DbConnection connection, DbContext db, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
