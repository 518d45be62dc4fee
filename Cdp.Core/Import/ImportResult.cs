namespace Cdp.Core.Import;

public enum ImportStatus
{
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>How many rows ended where.</summary>
/// <param name="Merged">Rows whose key appeared earlier in the same file: merged into one record, last value winning.</param>
public sealed record ImportCounts(int Rows, int Inserted, int Updated, int Unchanged, int Rejected, int Merged)
{
    public static readonly ImportCounts None = new(0, 0, 0, 0, 0, 0);
}

/// <summary>One rejected row or cell, as the error report lists it.</summary>
public sealed record ImportError(long Line, string? Column, string? Value, string Message);

/// <summary>Rejections that share a reason.</summary>
public sealed record RejectionGroup(string Reason, int Count, IReadOnlyList<long> ExampleLines);

/// <summary>Where a run is, for progress bars.</summary>
/// <param name="Phase">"Waiting" (for another import to finish), "Reading", "Merging", "Recomputing".</param>
public sealed record ImportProgress(string Phase, long RowsRead, long BytesRead, long BytesTotal, double RowsPerSecond, TimeSpan? Remaining)
{
    public double Fraction => BytesTotal <= 0 ? 0 : Math.Clamp((double)BytesRead / BytesTotal, 0, 1);
}

/// <summary>What an import did (or, for a dry run or a refused all-or-nothing import, would have done).</summary>
/// <param name="Created">Records created along the way, such as products and customers named by an orders file.</param>
public sealed record ImportResult(
    int ImportId, ImportStatus Status, bool DryRun, ImportCounts Counts, IReadOnlyDictionary<string, int> Created,
    IReadOnlyList<RejectionGroup> Reasons, IReadOnlyList<ImportError> FirstErrors, string? Message, TimeSpan Elapsed)
{
    /// <summary>Whether the database holds the changes (completed, not a dry run, not refused).</summary>
    public bool Applied => Status == ImportStatus.Completed && !DryRun;
}
