using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cdp.Core.Data;

/// <summary>
/// Per-connection SQLite set-up: wait for a busy writer instead of failing at once, enforce foreign keys, use
/// the NORMAL sync level that WAL mode makes safe (WAL is set once per file by <see cref="DatabaseInitializer"/>),
/// read through memory-mapped I/O, and register the <see cref="TextFolding"/> function.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // mmap_size: segment queries jump between tables (order lines to orders to customers); reading pages
    // through mmap rather than a read() system call each took a third off those at a million customers. It
    // reserves address space, not memory: the pages are the operating system's file cache.
    private const string Pragmas =
        "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 4294967296;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Prepare(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = Prepare(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Prepare(DbConnection connection)
    {
        ((SqliteConnection)connection).CreateFunction<string?, string?>(TextFolding.SqlFunctionName, TextFolding.Fold, isDeterministic: true);
        var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        return command;
    }
}
