using System.Text.RegularExpressions;
using CsvHelper;

namespace Cdp.Core.Import;

/// <summary>
/// Collects the rejections of one import: every one goes to a CSV report on disk as it is found (memory stays
/// flat), the first <see cref="KeptInMemory"/> are kept for the API answer, and all are grouped by reason.
/// </summary>
public sealed partial class ErrorReport : IDisposable
{
    public const int KeptInMemory = 100;
    private const int ExamplesPerReason = 5;

    private readonly CsvWriter _writer;
    private readonly List<ImportError> _first = [];
    private readonly Dictionary<string, (int Count, List<long> Lines)> _reasons = [];
    private readonly HashSet<long> _rejectedLines = [];

    public ErrorReport(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Cells starting with = + - @ are neutralised: the report is opened in spreadsheets.
        _writer = CsvWriter.Create(File.Create(path), new CsvWriterOptions
        {
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
        });
        foreach (var header in new[] { "line", "column", "value", "message", "original_row" }) _writer.WriteField(header);
        _writer.EndRecord();
    }

    /// <summary>Rows rejected so far (a row with several bad cells counts once).</summary>
    public int RejectedRows => _rejectedLines.Count;

    public IReadOnlyList<ImportError> FirstErrors => _first;

    public IReadOnlyList<RejectionGroup> Reasons => _reasons
        .OrderByDescending(r => r.Value.Count)
        .Select(r => new RejectionGroup(r.Key, r.Value.Count, r.Value.Lines))
        .ToList();

    public void Add(long line, string? column, string? value, string message, string? originalRow)
    {
        _rejectedLines.Add(line);
        if (_first.Count < KeptInMemory) _first.Add(new ImportError(line, column, value, message));
        var reason = (column is null ? "" : column + ": ") + QuotedValue().Replace(message, "a value");
        var group = _reasons.GetValueOrDefault(reason, (0, []));
        if (group.Lines.Count < ExamplesPerReason) group.Lines.Add(line);
        _reasons[reason] = (group.Count + 1, group.Lines);

        _writer.WriteField(line);
        _writer.WriteField(column);
        _writer.WriteField(value);
        _writer.WriteField(message);
        _writer.WriteField(originalRow);
        _writer.EndRecord();
    }

    public void Dispose() => _writer.Dispose();

    [GeneratedRegex(@"'[^']*'( \([\d,]+ characters\))?")]
    private static partial Regex QuotedValue();
}
