using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;

namespace Cdp.Core.Import;

/// <summary>One cell of the preview: as written, as it will be stored, and why not, when it cannot be.</summary>
public sealed record PreviewCell(string? Raw, string Display, string? Error);

/// <summary>One row of the preview, with the reason it would be rejected as a whole (a missing key, a bad shape).</summary>
public sealed record PreviewRow(long Line, IReadOnlyList<PreviewCell> Cells, string? RowError)
{
    /// <summary>Why the row would be rejected: its own reason, else those of its unreadable cells; null when it would not be.</summary>
    public string? Reason => RowError
        ?? (Cells.Any(c => c.Error is not null) ? string.Join("; ", Cells.Where(c => c.Error is not null).Select(c => c.Error)) : null);
}

/// <summary>What Cdp understood of a file before importing it: format, columns, detected settings and a typed preview.</summary>
/// <param name="Problem">Why the file cannot be imported at all (empty, not CSV…); null when it can.</param>
/// <param name="MappingProblem">Why the file cannot be imported with this mapping and match key (the key has no column…); null when it can.</param>
public sealed record ImportAnalysis(
    CsvFileFormat? Format,
    IReadOnlyList<string> Headers,
    IReadOnlyList<ColumnSuggestion> Columns,
    DateOrder DateOrder,
    bool DateOrderNeeded,
    DecimalSeparator DecimalSeparator,
    bool DecimalSeparatorNeeded,
    IReadOnlyList<PreviewRow> Preview,
    IReadOnlyList<string> Warnings,
    string? Problem,
    string? MappingProblem = null)
{
    public static ImportAnalysis Failed(string problem, CsvFileFormat? format = null) =>
        new(format, [], [], DateOrder.Unknown, false, DecimalSeparator.Unknown, false, [], [], problem);

    public IReadOnlyList<ColumnTarget> Mapping => Columns.Select(c => c.Target).ToList();
}
