using System.Text;

namespace Cdp.Core.Import.Csv;

/// <summary>Text encodings an import understands.</summary>
public enum CsvEncoding
{
    Utf8,
    Utf8WithBom,
    Utf16LittleEndian,
    Utf16BigEndian,
    Windows1252,
}

/// <summary>How a CSV file is written: detected from the file, and overridable by the user.</summary>
public sealed record CsvFileFormat(CsvEncoding Encoding, char Separator, bool HasHeader, char Quote = '"')
{
    public static readonly IReadOnlyList<char> Separators = [',', ';', '\t', '|'];

    [System.Text.Json.Serialization.JsonIgnore]
    public Encoding TextEncoding => Encoding switch
    {
        CsvEncoding.Utf8 => new UTF8Encoding(false),
        CsvEncoding.Utf8WithBom => new UTF8Encoding(true),
        CsvEncoding.Utf16LittleEndian => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        CsvEncoding.Utf16BigEndian => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        CsvEncoding.Windows1252 => CodePages.Windows1252,
        _ => throw new ArgumentOutOfRangeException(nameof(Encoding), Encoding, null),
    };

    public static string SeparatorName(char separator) => separator switch
    {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        '|' => "pipe",
        _ => $"'{separator}'",
    };

    public static string EncodingName(CsvEncoding encoding) => encoding switch
    {
        CsvEncoding.Utf8 => "UTF-8",
        CsvEncoding.Utf8WithBom => "UTF-8 with BOM",
        CsvEncoding.Utf16LittleEndian => "UTF-16 (little endian)",
        CsvEncoding.Utf16BigEndian => "UTF-16 (big endian)",
        CsvEncoding.Windows1252 => "Windows-1252 (Western European)",
        _ => encoding.ToString(),
    };
}

internal static class CodePages
{
    public static Encoding Windows1252 { get; } = Create();

    private static Encoding Create()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(1252);
    }
}
