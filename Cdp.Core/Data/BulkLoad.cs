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
    /// <param name="varyingColumns">
    /// When given, the only columns whose values differ between the rows to be loaded: an index on none of them stays,
    /// because every new row has the same key there and its entry is appended in order, for less than a rebuild costs.
    /// </param>
    public static async Task<IReadOnlyList<string>> DropSecondaryIndexesAsync(DbContext db, IEnumerable<string> tables,
        CancellationToken cancellationToken, IReadOnlySet<string>? varyingColumns = null)
    {
        var connection = db.Database.GetDbConnection();
        var indexes = new List<(string Name, string Sql)>();
        foreach (var table in tables)
        {
            // An expression's column has no name: such an index counts as varying.
            await using var command = Command(connection, db, """
                SELECT m.name, m.sql, COUNT(c.name) = COUNT(*), group_concat(c.name, char(31))
                FROM sqlite_master m JOIN pragma_index_info(m.name) c
                WHERE m.type = 'index' AND m.tbl_name = $table AND m.sql IS NOT NULL AND m.sql NOT LIKE 'CREATE UNIQUE%'
                GROUP BY m.name
                """);
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var constant = varyingColumns is not null && reader.GetBoolean(2)
                    && !reader.GetString(3).Split('\u001f').Any(varyingColumns.Contains);
                if (!constant) indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
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
