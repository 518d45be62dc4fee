using System.Text;
using System.Text.Unicode;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;

namespace Cdp.Core.Import.Csv;

/// <summary>What the start of a file says about it: its format, or why it cannot be imported.</summary>
public sealed record CsvSniffResult(CsvFileFormat? Format, string? Problem)
{
    public static CsvSniffResult Fail(string problem) => new(null, problem);
}

/// <summary>
/// Detects encoding, separator and header from the start of a file, and recognises files that are not CSV
/// at all (spreadsheets, archives, PDFs, JSON, HTML, binary data) so that they get a clear answer.
/// </summary>
public static class CsvSniffer
{
    /// <summary>How much of the file is looked at.</summary>
    public const int SampleBytes = 256 * 1024;

    private const int SampleLines = 50;

    public static CsvSniffResult Sniff(string path, ImportKind kind)
    {
        byte[] sample;
        long length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.Length;
            sample = new byte[(int)Math.Min(SampleBytes, length)];
            stream.ReadExactly(sample);
        }
        return Sniff(sample, length > sample.Length, kind);
    }

    internal static CsvSniffResult Sniff(byte[] sample, bool truncated, ImportKind kind)
    {
        if (sample.Length == 0) return CsvSniffResult.Fail("The file is empty.");
        if (KnownBinary(sample) is { } binary) return CsvSniffResult.Fail(binary);

        var encoding = DetectEncoding(sample, truncated);
        if (encoding is null) return CsvSniffResult.Fail("This is a binary file, not CSV text. Export the data as CSV and upload that file.");
        var text = Decode(sample, encoding.Value);
        if (text.Trim().Length == 0) return CsvSniffResult.Fail("The file contains only blank lines.");
        if (LooksBinary(text)) return CsvSniffResult.Fail("This is a binary file, not CSV text. Export the data as CSV and upload that file.");

        var lines = FirstLines(text, truncated);
        var first = lines[0].TrimStart();
        if (first.StartsWith('{') || first.StartsWith('['))
            return CsvSniffResult.Fail("This is JSON, not CSV. Export the data as CSV (comma- or semicolon-separated values).");
        if (first.StartsWith('<'))
            return CsvSniffResult.Fail("This is HTML or XML, not CSV. Export the data as CSV (comma- or semicolon-separated values).");

        var (separator, consistency) = DetectSeparator(lines);
        var firstRow = SplitLine(lines[0], separator);
        var hasHeader = DetectHeader(firstRow, kind);
        if (consistency < 0.5 && firstRow.Count > 1 && !firstRow.Any(cell => IsKnownHeader(cell, kind)))
            return CsvSniffResult.Fail(
                $"This does not look like CSV: its lines have different numbers of {CsvFileFormat.SeparatorName(separator)}-separated " +
                "values and the first line names no known column. Export the data as CSV with a header row.");
        return new(new CsvFileFormat(encoding.Value, separator, hasHeader), null);
    }

    private static string? KnownBinary(byte[] b) => b switch
    {
        [0x50, 0x4B, 0x03, 0x04, ..] => "This is an Excel workbook or ZIP archive, not CSV. In Excel choose File › Save As › CSV UTF-8, then upload that file.",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "This is an old Excel (.xls) file, not CSV. In Excel choose File › Save As › CSV UTF-8, then upload that file.",
        [0x25, 0x50, 0x44, 0x46, ..] => "This is a PDF, not CSV. Export the data as CSV and upload that file.",
        [0x1F, 0x8B, ..] => "This is a compressed (gzip) file. Unpack it and upload the CSV inside.",
        _ => null,
    };

    /// <summary>
    /// A byte order mark decides; otherwise valid UTF-8 is UTF-8 and anything else is taken as Windows-1252,
    /// the encoding of CSV files saved by Excel in Western Europe and the Americas. Null for binary data.
    /// </summary>
    internal static CsvEncoding? DetectEncoding(byte[] sample, bool truncated)
    {
        switch (sample)
        {
            case [0xEF, 0xBB, 0xBF, ..]: return CsvEncoding.Utf8WithBom;
            case [0xFF, 0xFE, ..]: return CsvEncoding.Utf16LittleEndian;
            case [0xFE, 0xFF, ..]: return CsvEncoding.Utf16BigEndian;
        }
        if (Array.IndexOf(sample, (byte)0) >= 0) return null;
        var span = sample.AsSpan();
        // A multi-byte character may be cut by the end of the sample: up to three bytes are not judged.
        for (var cut = 0; cut <= (truncated ? 3 : 0); cut++)
            if (Utf8.IsValid(span[..^cut])) return CsvEncoding.Utf8;
        return CsvEncoding.Windows1252;
    }

    private static string Decode(byte[] sample, CsvEncoding encoding)
    {
        var format = new CsvFileFormat(encoding, ',', true);
        var preamble = format.TextEncoding.GetPreamble().Length;
        return format.TextEncoding.GetString(sample, preamble, sample.Length - preamble);
    }

    private static bool LooksBinary(string text)
    {
        var control = text.Count(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
        return control > Math.Max(2, text.Length / 100);
    }

    /// <summary>The first lines, without the last one when the sample cut it short. Quoted line breaks are kept inside.</summary>
    private static List<string> FirstLines(string text, bool truncated)
    {
        var lines = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length && lines.Count < SampleLines; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == '\n' && !quoted)
            {
                var line = text[start..i].TrimEnd('\r');
                if (line.Length > 0) lines.Add(line);
                start = i + 1;
            }
        }
        if (lines.Count < SampleLines && start < text.Length && (!truncated || lines.Count == 0))
            lines.Add(text[start..].TrimEnd('\r', '\n'));
        return lines.Count > 0 ? lines : [text];
    }

    /// <summary>The candidate that appears the same number of times on the most lines; its share of lines is the consistency.</summary>
    private static (char Separator, double Consistency) DetectSeparator(List<string> lines)
    {
        var best = (Separator: ',', Consistency: 0.0, Count: 0);
        foreach (var candidate in CsvFileFormat.Separators)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).ToList();
            var mode = counts.Where(c => c > 0).GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).FirstOrDefault();
            if (mode is null) continue;
            var consistency = (double)mode.Count() / lines.Count;
            if (consistency > best.Consistency || (consistency == best.Consistency && mode.Key > best.Count))
                best = (candidate, consistency, mode.Key);
        }
        return best.Count == 0 ? (',', 1.0) : (best.Separator, best.Consistency);
    }

    private static int CountOutsideQuotes(string line, char separator)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) count++;
        }
        return count;
    }

    private static List<string> SplitLine(string line, char separator)
    {
        var cells = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) { cells.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        cells.Add(current.ToString());
        return cells;
    }

    /// <summary>
    /// A first row is a header when it names a known column, or when none of its cells looks like data
    /// (a number, a date or an e-mail address): headers are labels.
    /// </summary>
    private static bool DetectHeader(List<string> firstRow, ImportKind kind)
    {
        if (firstRow.Any(cell => IsKnownHeader(cell, kind))) return true;
        return !firstRow.Select(CellText.Clean).OfType<string>().Any(cell =>
            NumberParser.Parse(cell, DecimalSeparator.Point).HasValue
            || DateParser.ParseDateTime(cell, DateOrder.DayFirst).HasValue
            || ValueParsers.Email(cell).HasValue);
    }

    /// <summary>Whether <paramref name="cell"/> is the name (or a synonym) of a field of this kind of import.</summary>
    internal static bool IsKnownHeader(string cell, ImportKind kind)
    {
        var normalized = HeaderNames.Normalize(cell);
        return normalized.Length > 0 && ImportFields.For(kind).Any(f =>
            f.Synonyms.Append(f.Key).Any(s => HeaderNames.Normalize(s) == normalized));
    }
}
