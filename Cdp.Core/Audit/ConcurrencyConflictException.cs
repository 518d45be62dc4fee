namespace Cdp.Core.Audit;

/// <summary>
/// Someone else saved the entity after the editor loaded it: the save was refused and nothing changed. Says who
/// and when, so the editor can choose to reload their version or to overwrite it.
/// </summary>
public sealed class ConcurrencyConflictException(string entityType, string entityName, int expectedVersion, int currentVersion,
    string? changedBy, DateTime changedAt)
    : Exception($"{(changedBy ?? "Someone")} saved {entityType} \"{entityName}\" at {changedAt:yyyy-MM-dd HH:mm:ss} UTC " +
        $"(version {currentVersion}) after you started editing version {expectedVersion}. Reload it, or save again with version {currentVersion} to overwrite.")
{
    public string EntityType { get; } = entityType;
    public string EntityName { get; } = entityName;
    public int ExpectedVersion { get; } = expectedVersion;
    public int CurrentVersion { get; } = currentVersion;

    /// <summary>Who saved last (from the audit log), or null when the log does not say.</summary>
    public string? ChangedBy { get; } = changedBy;

    /// <summary>When it was saved last, in UTC.</summary>
    public DateTime ChangedAt { get; } = changedAt;
}
