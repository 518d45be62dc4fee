namespace Cdp.Core.Audit;

/// <summary>One change as the audit log keeps it. Written in the same transaction as the change, never edited.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>When, in UTC.</summary>
    public DateTime At { get; set; }

    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>One of <see cref="AuditEntityTypes"/>.</summary>
    public required string EntityType { get; set; }

    public string? EntityId { get; set; }

    public string? EntityName { get; set; }

    /// <summary>Compact JSON of what a marketer edits, before the change; null for a creation.</summary>
    public string? Before { get; set; }

    /// <summary>Compact JSON after the change; null for a deletion.</summary>
    public string? After { get; set; }
}

/// <summary>The verbs of the audit log.</summary>
public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Imported = "imported";
    public const string Revoked = "revoked";
    public const string Started = "started";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string PasswordReset = "password-reset";
    public const string Unlocked = "unlocked";
}

/// <summary>What the audit log's entries are about.</summary>
public static class AuditEntityTypes
{
    public const string Segment = "segment";
    public const string Experience = "experience";
    public const string Import = "import";
    public const string User = "user";
    public const string ApiKey = "apikey";
}
