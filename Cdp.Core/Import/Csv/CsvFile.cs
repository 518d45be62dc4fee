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
        try
        {
            file.Headers = file.ReadHeaders();
        }
        catch
        {
            file.Dispose();
            throw;
        }
        if (format.HasHeader && file._problems.Remove(1, out var headerProblem) && Describe(headerProblem) is { } description)
            file.HeaderProblem = $"The header row (line 1) cannot be read: {description}.";
        return file;
    }

    /// <summary>What is wrong with the header row's quoting, or null. Its cells cannot be trusted as column names then.</summary>
    public string? HeaderProblem { get; private set; }

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
        if (!ReadRecord()) return false;
        var recordNumber = _reader.RowNumber + (_hasHeader ? 1 : 0);
        Problem = _problems.Remove(recordNumber, out var reason) ? reason : null;
        return true;
    }

    /// <summary>
    /// With these options the reader throws only for a record longer than <see cref="MaxRecordBytes"/>, which is almost
    /// always a quote that is never closed: the message says so and names the line, where the reader's own counts records.
    /// </summary>
    private bool ReadRecord()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvFormatException e) when (e.InnerException is null)
        {
            throw new CsvFormatException(TooLongMessage(e), e.RecordNumber, e.ByteOffset, e);
        }
    }

    private static string TooLongMessage(CsvFormatException e) =>
        $"The record that starts on line {e.LineNumber:N0} is longer than {MaxRecordBytes / (1024 * 1024)} MB, so it was not read: " +
        "most likely a quote opened there is never closed. Close the quote and import again.";

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
        if (Problem is { } problem && Describe(problem) is { } description) return description;
        if (FieldCount != Headers.Count)
            return $"the record has {FieldCount} {(FieldCount == 1 ? "value" : "values")} but the header has {Headers.Count} {(Headers.Count == 1 ? "column" : "columns")}";
        return null;
    }

    private static string? Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "a quote opened in this record is never closed, so the rest of the file was read as one value; close the quote and import again",
        CsvMalformedReason.StrayQuote => "a quote stands inside an unquoted value",
        CsvMalformedReason.TextAfterClosingQuote => "text follows the closing quote of a value",
        _ => null,
    };

    private IReadOnlyList<string> ReadHeaders()
    {
        if (_hasHeader)
        {
            try
            {
                return HeaderNames.MakeUnique(_reader.Headers);
            }
            catch (CsvFormatException e) when (e.InnerException is null)
            {
                throw new CsvFormatException(TooLongMessage(e), e.RecordNumber, e.ByteOffset, e);
            }
        }
        if (!Read()) return [];
        _firstRecordPending = true;
        return Enumerable.Range(1, _reader.FieldCount).Select(i => $"Column {i}").ToList();
    }

    public void Dispose() => _reader.Dispose();
}
