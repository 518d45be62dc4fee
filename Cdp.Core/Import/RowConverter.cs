using System.Globalization;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;

namespace Cdp.Core.Import;

/// <summary>One cell that could not be read, with everything the error report needs.</summary>
public sealed record CellError(int Column, string Header, string? Value, string Message);

/// <summary>The typed values of one record: fields by slot (see <see cref="RowConverter.Slot"/>), and custom attributes.</summary>
public sealed class ConvertedRow(int fieldCount)
{
    public object?[] Fields { get; } = new object?[fieldCount];
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
    public List<CellError> Errors { get; } = [];
}

/// <summary>Turns the cells of a record into typed values, as the column mapping and the parse settings say.</summary>
public sealed class RowConverter
{
    private readonly (int Column, string Header, ImportField? Field, int Slot, string? Attribute, FieldType Type)[] _columns;
    private readonly Dictionary<string, int> _slots;
    private readonly DateOrder _dateOrder;
    private readonly DecimalSeparator _separator;

    /// <summary>Longest text a custom attribute keeps.</summary>
    public const int MaxAttributeLength = 2000;

    public RowConverter(ImportKind kind, IReadOnlyList<string> headers, IReadOnlyList<ColumnTarget> mapping,
        DateOrder dateOrder, DecimalSeparator separator)
    {
        Kind = kind;
        var fields = ImportFields.For(kind);
        _slots = fields.Select((f, i) => (f.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.OrdinalIgnoreCase);
        _dateOrder = dateOrder;
        _separator = separator;
        var columns = new List<(int, string, ImportField?, int, string?, FieldType)>();
        for (var i = 0; i < mapping.Count && i < headers.Count; i++)
        {
            var target = mapping[i];
            if (target.Kind == TargetKind.Field && ImportFields.Find(kind, target.Field!) is { Computed: false } field)
                columns.Add((i, headers[i], field, _slots[field.Key], null, field.Type));
            else if (target.Kind == TargetKind.Attribute && kind == ImportKind.Customers && !string.IsNullOrWhiteSpace(target.Attribute))
                columns.Add((i, headers[i], null, -1, target.Attribute, target.AttributeType ?? FieldType.Text));
        }
        _columns = [.. columns];
        FieldCount = fields.Count;
        MappedFields = _columns.Where(c => c.Field is not null).Select(c => c.Field!.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public ImportKind Kind { get; }

    public int FieldCount { get; }

    /// <summary>Keys of the fields some column fills.</summary>
    public IReadOnlySet<string> MappedFields { get; }

    /// <summary>Whether any column is kept as a custom attribute.</summary>
    public bool HasAttributes => _columns.Any(c => c.Attribute is not null);

    /// <summary>The custom attributes columns are kept as, with their types.</summary>
    public IEnumerable<(string Name, FieldType Type)> AttributeColumns =>
        _columns.Where(c => c.Attribute is not null).Select(c => (c.Attribute!, c.Type)).Distinct();

    /// <summary>The position of a field's value in <see cref="ConvertedRow.Fields"/>.</summary>
    public int Slot(string key) => _slots[key];

    public ConvertedRow Convert(Func<int, string?> cell)
    {
        var row = new ConvertedRow(FieldCount);
        foreach (var (column, header, field, slot, attribute, type) in _columns)
        {
            var raw = cell(column);
            var (value, error) = Parse(raw, type, field?.MaxLength ?? MaxAttributeLength);
            if (error is not null) row.Errors.Add(new CellError(column, header, raw, error));
            else if (field is not null) row.Fields[slot] = value;
            else if (value is not null) row.Attributes[attribute!] = value;
        }
        return row;
    }

    /// <summary>A typed value (null for an empty cell) or the reason the cell cannot be read.</summary>
    public (object? Value, string? Error) Parse(string? raw, FieldType type, int maxLength) => type switch
    {
        FieldType.Text => Box(ValueParsers.Text(raw, maxLength)),
        FieldType.Email => Box(ValueParsers.Email(raw)),
        FieldType.Number => Box(NumberParser.Parse(raw, _separator)),
        FieldType.Integer => Box(NumberParser.ParseInteger(raw, _separator)),
        FieldType.Date => Box(DateParser.ParseDate(raw, _dateOrder)),
        FieldType.DateTime => Box(DateParser.ParseDateTime(raw, _dateOrder)),
        FieldType.Boolean => Box(ValueParsers.Boolean(raw)),
        FieldType.Gender => (CellText.Clean(raw) is null ? null : ValueParsers.Gender(raw), null),
        FieldType.Country => Box(Countries.Parse(raw)),
        FieldType.Tags => CellText.Clean(raw) is { Length: > 1000 } tooLong
            ? (null, $"{CellText.Quote(tooLong)} is too long: at most 1,000 characters")
            : (ValueParsers.Tags(raw) is { Count: > 0 } tags ? tags : null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A value as a marketer reads it in the preview.</summary>
    public static string Display(object? value) => value switch
    {
        null => "",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal n => n.ToString("0.##########", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        List<string> tags => string.Join(", ", tags),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static (object? Value, string? Error) Box<T>(ParseResult<T> result) =>
        (result.HasValue ? result.Value : null, result.Error);
}
