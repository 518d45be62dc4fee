using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments.Values;

/// <summary>Value metrics on demand: rescoring everyone now, and the thresholds of the latest scoring.</summary>
public sealed class ValueMetricsService(IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock, DataChanges changes)
{
    /// <summary>Rescores every customer as of now in one transaction, then announces the change.</summary>
    public async Task<RfmThresholds> RecomputeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        RfmThresholds thresholds;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            thresholds = await ValueMetrics.RecomputeAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        changes.Notify();
        return thresholds;
    }

    /// <summary>The thresholds of the latest scoring, or null when customers were never scored.</summary>
    public async Task<RfmThresholds?> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ValueMetrics.LatestAsync(db, cancellationToken);
    }
}
