using System.Text;
using CsvHelper;
using Cdp.Core.Import.Mapping;

namespace Cdp.Core.Import.Csv;

/// <summary>
/// Reads a CSV file record by record, streaming (memory stays flat whatever the file size), with the line
/// number each record starts on and whatever is wrong with its quoting.
/// </summary>
public sealed class CsvFile : IDisposable
{
    /// <summary>A record longer than this is refused rather than buffered (a quote that is never closed, say).</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    private readonly CsvReader _reader;
    private readonly Dictionary<long, CsvMalformedReason> _problems = [];
    private readonly bool _hasHeader;
    private bool _firstRecordPending;

    private CsvFile(CsvReader reader, bool hasHeader, long length)
    {
        _reader = reader;
        _hasHeader = hasHeader;
        Length = length;
    }

    public static CsvFile Open(string path, CsvFileFormat format)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        CsvFile? file = null;
        var options = new CsvReaderOptions
        {
            Separator = format.Separator,
            Quote = format.Quote,
            HasHeader = format.HasHeader,
            Encoding = format.Encoding == CsvEncoding.Windows1252 ? format.TextEncoding : null,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = malformed => file!._problems[malformed.RecordNumber] = malformed.Reason,
        };
        file = new CsvFile(CsvReader.Create(stream, options, leaveOpen: false), format.HasHeader, stream.Length);
        file.Headers = file.ReadHeaders();
        return file;
    }

    /// <summary>Column names, each different: blank ones are "Column 3", repeated ones get "(2)".</summary>
    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <summary>Size of the file in bytes.</summary>
    public long Length { get; }

    /// <summary>How far reading has got, in bytes of (UTF-8) input, for progress reports.</summary>
    public long Position => _reader.ByteOffset;

    public long LineNumber => _reader.LineNumber;
    public int FieldCount => _reader.FieldCount;

    /// <summary>The quoting problem of the current record, if any.</summary>
    public CsvMalformedReason? Problem { get; private set; }

    public bool Read()
    {
        if (_firstRecordPending)
        {
            _firstRecordPending = false;
            return true;
        }
        if (!_reader.Read()) return false;
        var recordNumber = _reader.RowNumber + (_hasHeader ? 1 : 0);
        Problem = _problems.Remove(recordNumber, out var reason) ? reason : null;
        return true;
    }

    /// <summary>Cell <paramref name="index"/> of the current record, or null when the record is shorter.</summary>
    public string? Get(int index) => index < _reader.FieldCount ? _reader.GetString(index) : null;

    /// <summary>The current record as it appears in the file.</summary>
    public string RawRecord => Encoding.UTF8.GetString(_reader.RawRecord);

    /// <summary>All cells of the current record.</summary>
    public string?[] Cells()
    {
        var cells = new string?[_reader.FieldCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = _reader.GetString(i);
        return cells;
    }

    /// <summary>What is wrong with the current record's shape, or null: its quoting, or a field count unlike the header's.</summary>
    public string? ShapeError()
    {
        var problem = Problem switch
        {
            CsvMalformedReason.UnterminatedQuote =>
                "a quote opened in this record is never closed, so the rest of the file was read as one value; close the quote and import again",
            CsvMalformedReason.StrayQuote => "a quote stands inside an unquoted value",
            CsvMalformedReason.TextAfterClosingQuote => "text follows the closing quote of a value",
            _ => null,
        };
        if (problem is not null) return problem;
        if (FieldCount > Headers.Count)
            return $"the record has {FieldCount} values but the header has {Headers.Count} columns";
        if (FieldCount < Headers.Count)
            return $"the record has {FieldCount} values but the header has {Headers.Count} columns";
        return null;
    }

    private IReadOnlyList<string> ReadHeaders()
    {
        if (_hasHeader) return HeaderNames.MakeUnique(_reader.Headers);
        if (!Read()) return [];
        _firstRecordPending = true;
        return Enumerable.Range(1, _reader.FieldCount).Select(i => $"Column {i}").ToList();
    }

    public void Dispose() => _reader.Dispose();
}
