using System.Text.Json;
using System.Text.Json.Serialization;
using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Audit;

/// <summary>
/// Who created, changed or deleted what, when, with before and after. Entries are added to the context that
/// saves the change, so a change and its entry commit together or not at all.
/// </summary>
public sealed class AuditLog(IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxTake = 500;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Adds the entry to <paramref name="db"/>; the caller's next SaveChanges writes it with the change.</summary>
    public Task RecordAsync(CdpDbContext db, AuditRecord record, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        db.AuditEntries.Add(Entry(record));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Saves <paramref name="db"/>'s changes and then the entry <paramref name="record"/> builds, in one transaction:
    /// the entry is built after the first save so that it can name ids the database generated.
    /// </summary>
    public async Task SaveWithEntryAsync(CdpDbContext db, Func<AuditRecord> record, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(db, record(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The newest entry about one entity in <paramref name="db"/>, or null.</summary>
    internal static Task<AuditEntry?> LatestAsync(CdpDbContext db, string entityType, string entityId, CancellationToken cancellationToken) =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityType == entityType && e.EntityId == entityId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Records a change saved elsewhere (users and API keys live outside the Core's stores).</summary>
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(record));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The entries matching the filter, newest first, one page at a time.</summary>
    public async Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) entries = entries.Where(e => e.EntityType == filter.EntityType.Trim().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(filter.Action)) entries = entries.Where(e => e.Action == filter.Action.Trim().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(filter.Actor)) entries = entries.Where(e => EF.Functions.Like(e.Actor, Pattern(filter.Actor), "\\"));
        if (!string.IsNullOrWhiteSpace(filter.Text)) entries = entries.Where(e => EF.Functions.Like(e.EntityName!, Pattern(filter.Text), "\\"));
        if (filter.From is { } from) entries = entries.Where(e => e.At >= from);
        if (filter.To is { } to) entries = entries.Where(e => e.At < to);

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, MaxTake)).ToListAsync(cancellationToken);
        return new AuditPage(total, page);
    }

    /// <summary>The newest entry about one entity, or null.</summary>
    public async Task<AuditEntry?> LatestAsync(string entityType, string entityId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await LatestAsync(db, entityType, entityId, cancellationToken);
    }

    /// <summary>Compact JSON of a before or after state, as entries store it.</summary>
    public static string? ToJson(object? state) => state is null ? null : JsonSerializer.Serialize(state, state.GetType(), Json);

    private AuditEntry Entry(AuditRecord record) => new()
    {
        At = clock.GetUtcNow().UtcDateTime,
        Actor = Truncate(string.IsNullOrWhiteSpace(record.Actor.Name) ? "anonymous" : record.Actor.Name.Trim(), AuditEntryLimits.Actor),
        Action = record.Action,
        EntityType = record.EntityType,
        EntityId = record.EntityId,
        EntityName = record.EntityName is null ? null : Truncate(record.EntityName, AuditEntryLimits.EntityName),
        Before = ToJson(record.Before),
        After = ToJson(record.After),
    };

    /// <summary>"%text%" for LIKE, with the user's own % and _ taken literally.</summary>
    private static string Pattern(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>Column sizes of <see cref="AuditEntry"/>, shared by the configuration and the log.</summary>
public static class AuditEntryLimits
{
    public const int Actor = 256;
    public const int Action = 32;
    public const int EntityType = 32;
    public const int EntityId = 64;
    public const int EntityName = 200;
}
