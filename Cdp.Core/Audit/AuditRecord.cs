namespace Cdp.Core.Audit;

/// <summary>A change to record.</summary>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="EntityType">One of <see cref="AuditEntityTypes"/>.</param>
/// <param name="Before">What the entity was (serialised as compact camelCase JSON); null for a creation.</param>
/// <param name="After">What it became; null for a deletion.</param>
public sealed record AuditRecord(Actor Actor, string Action, string EntityType, string? EntityId, string? EntityName,
    object? Before = null, object? After = null);

/// <summary>What the audit page asks for; every filter is optional.</summary>
/// <param name="Actor">Part of the actor's name, case-insensitive.</param>
/// <param name="From">Entries at or after this UTC instant.</param>
/// <param name="To">Entries before this UTC instant.</param>
/// <param name="Text">Part of the entity's name, case-insensitive.</param>
public sealed record AuditFilter(string? EntityType = null, string? Actor = null, string? Action = null,
    DateTime? From = null, DateTime? To = null, string? Text = null, int Skip = 0, int Take = 50);

/// <summary>One page of entries, newest first, with how many match in all.</summary>
public sealed record AuditPage(int Total, IReadOnlyList<AuditEntry> Entries);
