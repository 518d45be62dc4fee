using Cdp.Core.Data;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Data;

public class SqliteInterruptTests
{
    // Counts to a billion: minutes of work unless something stops it.
    private const string Endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT COUNT(*) AS \"Value\" FROM n";

    [Fact]
    public async Task Run_Cancelled_InterruptsTheRunningStatementAndReportsCancellation()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = Task.Run(() => SqliteInterrupt.RunAsync(db, () => db.Database.SqlQueryRaw<long>(Endless).SingleAsync(cancel.Token), cancel.Token),
            TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var ok = await SqliteInterrupt.RunAsync(db, () => db.Database.SqlQueryRaw<long>("SELECT 42 AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken),
            TestContext.Current.CancellationToken);
        Assert.Equal(42, ok);
    }
}
