namespace Cdp.Core.Import.Staging;

/// <summary>What merging the staged rows did.</summary>
/// <param name="Rejected">Rows refused by set-based checks (conflicts, unknown references), by line.</param>
/// <param name="Created">Records created along the way (products, customers), by kind.</param>
/// <param name="TouchedCustomers">SQL selecting the ids of customers whose orders changed (their metrics are recomputed), or null.</param>
internal sealed record MergeOutcome(
    int Inserted, int Updated, int Unchanged, int Merged, IReadOnlyList<(long Line, string Message)> Rejected,
    IReadOnlyDictionary<string, int> Created, string? TouchedCustomers = null);

/// <summary>
/// One kind of import: checks each converted row, stages the valid ones, then merges them into the tables in
/// set-based SQL. Everything runs inside the import's transaction.
/// </summary>
internal abstract class ImportStage : IDisposable
{
    /// <summary>Why this row cannot be imported at all (a missing key, say), or null.</summary>
    public abstract string? Check(ConvertedRow row);

    /// <summary>Told of each row rejected while reading (a cell that cannot be read, a failed <see cref="Check"/>).</summary>
    public virtual void Rejected(long line, ConvertedRow row)
    {
    }

    /// <summary>Turns a valid row into the values <see cref="Stage"/> writes.</summary>
    public abstract object?[] Prepare(ConvertedRow row);

    /// <summary>Writes one prepared row, in file order.</summary>
    public abstract void Stage(long line, object?[] values);

    public abstract MergeOutcome Merge(CancellationToken cancellationToken);

    public abstract void Dispose();
}
