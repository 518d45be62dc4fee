using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Data;

/// <summary>
/// Makes cancellation stop a running SQLite statement. Microsoft.Data.Sqlite checks the token only between
/// steps of its own API, not inside sqlite3_step: a 7-second statement cancelled after 200 ms still ran
/// 7 seconds (measured), burning a CPU for an answer nobody will read. sqlite3_interrupt on the connection
/// handle aborts it within milliseconds; the statement then fails with SQLITE_INTERRUPT, which
/// <see cref="RunAsync"/> turns back into the cancellation it was.
/// </summary>
internal sealed class SqliteInterrupt : IAsyncDisposable
{
    private const int SqliteInterrupted = 9;

    private readonly DbContext _db;
    private readonly CancellationTokenRegistration _registration;

    private SqliteInterrupt(DbContext db, CancellationTokenRegistration registration) => (_db, _registration) = (db, registration);

    /// <summary>Opens the context's connection and interrupts whatever it runs once the token is cancelled, until disposed.</summary>
    public static async Task<SqliteInterrupt> OpenAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!cancellationToken.CanBeCanceled || db.Database.GetDbConnection() is not SqliteConnection connection)
            return new SqliteInterrupt(db, default);
        var handle = connection.Handle;
        return new SqliteInterrupt(db, cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle)));
    }

    /// <summary>True when <paramref name="e"/> is a statement interrupted because the token was cancelled.</summary>
    public static bool Interrupted(Exception e, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && e is SqliteException { SqliteErrorCode: SqliteInterrupted };

    /// <summary>Runs <paramref name="query"/> with the connection open and interruptible; an interruption surfaces as cancellation.</summary>
    public static async Task<T> RunAsync<T>(DbContext db, Func<Task<T>> query, CancellationToken cancellationToken)
    {
        await using var interrupt = await OpenAsync(db, cancellationToken);
        try
        {
            return await query();
        }
        catch (Exception e) when (Interrupted(e, cancellationToken))
        {
            throw new OperationCanceledException("The query was interrupted.", e, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Unregister first (waits for a running callback), so a pooled connection is never interrupted later.
        await _registration.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }
}
