using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;
using Cdp.Core.Import.Staging;

namespace Cdp.Core.Import;

/// <summary>
/// Reads the start of a file to detect its format, suggest a mapping, detect date and number formats from the
/// whole sample, and preview the first rows as they would be imported.
/// </summary>
public static class ImportAnalyzer
{
    /// <summary>Rows looked at to detect date and number formats and attribute types.</summary>
    public const int SampleRows = 2000;

    /// <summary>Rows shown in the preview.</summary>
    public const int PreviewRows = 20;

    /// <param name="format">The format to read with; null to detect it.</param>
    /// <param name="mapping">The mapping to preview; null to suggest one.</param>
    public static ImportAnalysis Analyze(
        string path, ImportKind kind, CsvFileFormat? format, IReadOnlyList<ColumnTarget>? mapping, ImportOptions options,
        IReadOnlyDictionary<string, FieldType> existingAttributes)
    {
        if (format is null)
        {
            var sniffed = CsvSniffer.Sniff(path, kind);
            if (sniffed.Problem is not null) return ImportAnalysis.Failed(sniffed.Problem);
            format = sniffed.Format!;
        }

        CsvFile? opened = null;
        var sample = new List<(long Line, string?[] Cells, string? ShapeError)>();
        try
        {
            opened = CsvFile.Open(path, format);
            while (sample.Count < SampleRows && opened.Read()) sample.Add((opened.LineNumber, opened.Cells(), opened.ShapeError()));
        }
        catch (CsvHelper.CsvFormatException e)
        {
            opened?.Dispose();
            return ImportAnalysis.Failed(e.Message, format);
        }
        using var file = opened;
        if (file.HeaderProblem is not null) return ImportAnalysis.Failed(file.HeaderProblem, format);
        if (file.Headers.Count == 0) return ImportAnalysis.Failed("The file is empty.", format);
        var headers = file.Headers;
        if (sample.Count == 0)
            return ImportAnalysis.Failed(!format.HasHeader ? "The file has no rows."
                : headers.Any(h => CsvSniffer.IsKnownHeader(h, kind)) ? "The file has a header row but no data rows."
                : "The file has a single line, and it names no known column (such as e-mail or customer id), so it is not "
                  + "a header row: this does not look like CSV data. Export the data as CSV with a header row.", format);

        var cells = sample.Select(s => s.Cells).ToList();
        var suggestions = mapping is null
            ? ColumnMapper.Suggest(kind, headers, cells, existingAttributes, DateOrder.Unknown, DecimalSeparator.Unknown)
            : headers.Select((h, i) => new ColumnSuggestion(i, h, i < mapping.Count ? mapping[i] : ColumnTarget.Ignored, "chosen")).ToList();

        var (dateOrder, dateNeeded) = DetectDateOrder(kind, suggestions, cells, options.DateOrder);
        var (separator, separatorNeeded) = DetectSeparator(kind, suggestions, cells, options.DecimalSeparator);
        if (mapping is null && (dateOrder != DateOrder.Unknown || separator != DecimalSeparator.Unknown))
            suggestions = ColumnMapper.Suggest(kind, headers, cells, existingAttributes, dateOrder, separator);

        var targets = suggestions.Select(s => s.Target).ToList();
        var converter = new RowConverter(kind, headers, targets, dateOrder, separator);
        var preview = sample.Take(PreviewRows).Select(row => Preview(kind, converter, targets, options, row)).ToList();
        return new ImportAnalysis(format, headers, suggestions, dateOrder, dateNeeded, separator, separatorNeeded, preview,
            [.. KindWarning(kind, headers), .. Warnings(file.Headers, suggestions, sample.Select(s => s.Cells.Length).ToList(), headers.Count, dateNeeded, separatorNeeded)],
            null, ImportStages.CheckMapping(kind, converter.MappedFields, options));
    }

    /// <summary>
    /// A warning when the headers name the identifying columns of another kind of file and not of the chosen one:
    /// an orders export imported as customers would overwrite names with order numbers.
    /// </summary>
    private static IEnumerable<string> KindWarning(ImportKind kind, IReadOnlyList<string> headers)
    {
        var normalized = headers.Select(HeaderNames.Normalize).ToHashSet();
        // Most specific first: an orders file names SKUs and quantities too, which alone would suggest products.
        ImportKind[] specificFirst = [ImportKind.Orders, ImportKind.Favorites, ImportKind.Products, ImportKind.Customers];
        var likely = specificFirst.Where(k => LooksLike(k, FieldsNamed(k, normalized))).Cast<ImportKind?>().FirstOrDefault();
        if (likely is { } other && other != kind)
            yield return $"This looks like {FileOf(other)}, not {FileOf(kind)}: check what you are importing before you run it.";
    }

    private static HashSet<string> FieldsNamed(ImportKind kind, IReadOnlySet<string> normalizedHeaders) =>
        ImportFields.For(kind).Where(f => !f.Computed && f.Synonyms.Any(s => normalizedHeaders.Contains(HeaderNames.Normalize(s))))
            .Select(f => f.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool LooksLike(ImportKind kind, IReadOnlySet<string> fields) => kind switch
    {
        ImportKind.Orders => fields.Contains("orderId") && fields.Contains("sku") && fields.Contains("orderedAt"),
        ImportKind.Products => fields.Contains("sku") && (fields.Contains("stock") || fields.Contains("level") || fields.Contains("subcategory")),
        ImportKind.Favorites => fields.Contains("sku") && fields.Contains("addedAt") && (fields.Contains("email") || fields.Contains("externalId")),
        _ => (fields.Contains("email") || fields.Contains("externalId"))
             && (fields.Contains("firstName") || fields.Contains("lastName") || fields.Contains("birthDate") || fields.Contains("gender")),
    };

    private static string FileOf(ImportKind kind) => kind switch
    {
        ImportKind.Orders => "an orders file",
        ImportKind.Products => "a products file",
        ImportKind.Favorites => "a favourites file",
        _ => "a customers file",
    };

    /// <summary>
    /// The date order: the one chosen, else the one the sample proves (a day above 12, or a month above 12),
    /// else unknown. Needed is true when the sample has ambiguous dates that only a choice can read.
    /// </summary>
    private static (DateOrder, bool Needed) DetectDateOrder(ImportKind kind, IReadOnlyList<ColumnSuggestion> columns, List<string?[]> cells, DateOrder chosen)
    {
        var values = ValuesOfType(kind, columns, cells, FieldType.Date, FieldType.DateTime).ToList();
        var proofs = values.Select(DateParser.ProvenOrder).OfType<DateOrder>().Distinct().ToList();
        var ambiguous = values.Any(DateParser.IsAmbiguous);
        if (chosen != DateOrder.Unknown) return (chosen, false);
        return proofs.Count == 1 ? (proofs[0], false) : (DateOrder.Unknown, ambiguous || proofs.Count > 1);
    }

    private static (DecimalSeparator, bool Needed) DetectSeparator(ImportKind kind, IReadOnlyList<ColumnSuggestion> columns, List<string?[]> cells, DecimalSeparator chosen)
    {
        var values = ValuesOfType(kind, columns, cells, FieldType.Number, FieldType.Integer).ToList();
        var proofs = values.Select(NumberParser.ProvenSeparator).OfType<DecimalSeparator>().Distinct().ToList();
        var ambiguous = values.Any(v => NumberParser.Parse(v, DecimalSeparator.Unknown).Error?.Contains("thousand or a decimal") == true);
        if (chosen != DecimalSeparator.Unknown) return (chosen, false);
        return proofs.Count == 1 ? (proofs[0], false) : (DecimalSeparator.Unknown, ambiguous || proofs.Count > 1);
    }

    private static IEnumerable<string?> ValuesOfType(ImportKind kind, IReadOnlyList<ColumnSuggestion> columns, List<string?[]> cells, params FieldType[] types)
    {
        foreach (var column in columns)
        {
            var type = column.Target.Kind switch
            {
                TargetKind.Field => ImportFields.Find(kind, column.Target.Field!)?.Type,
                TargetKind.Attribute => column.Target.AttributeType,
                _ => null,
            };
            if (type is not { } t || !types.Contains(t)) continue;
            foreach (var row in cells)
                if (column.Index < row.Length) yield return row[column.Index];
        }
    }

    private static PreviewRow Preview(ImportKind kind, RowConverter converter, IReadOnlyList<ColumnTarget> targets, ImportOptions options,
        (long Line, string?[] Cells, string? ShapeError) row)
    {
        var converted = converter.Convert(i => i < row.Cells.Length ? row.Cells[i] : null);
        var cells = new List<PreviewCell>();
        for (var i = 0; i < targets.Count; i++)
        {
            var raw = i < row.Cells.Length ? row.Cells[i] : null;
            var error = converted.Errors.FirstOrDefault(e => e.Column == i)?.Message;
            cells.Add(new PreviewCell(raw, error is null ? Display(converter, targets[i], converted, raw) : raw ?? "", error));
        }
        // As the import does: a row with unreadable cells is rejected for them alone. Its key may be null only
        // because its cell could not be read, and "no e-mail" would then blame a cell that is there.
        var rowError = row.ShapeError ?? (converted.Errors.Count > 0 ? null : ImportStages.Check(kind, converted, converter, options));
        return new PreviewRow(row.Line, cells, rowError);
    }

    private static string Display(RowConverter converter, ColumnTarget target, ConvertedRow converted, string? raw) => target.Kind switch
    {
        TargetKind.Field when ImportFields.Find(converter.Kind, target.Field!) is { Computed: false } field =>
            RowConverter.Display(converted.Fields[converter.Slot(field.Key)]),
        TargetKind.Attribute => RowConverter.Display(converted.Attributes.GetValueOrDefault(target.Attribute!)),
        _ => raw ?? "",
    };

    private static List<string> Warnings(IReadOnlyList<string> headers, IReadOnlyList<ColumnSuggestion> columns, List<int> fieldCounts,
        int headerCount, bool dateNeeded, bool separatorNeeded)
    {
        var warnings = new List<string>();
        var renamed = headers.Where(h => h.StartsWith("Column ", StringComparison.Ordinal) || h.EndsWith(')')).ToList();
        if (renamed.Count > 0)
            warnings.Add($"Blank or repeated column names were made unique: {string.Join(", ", renamed.Take(5))}.");
        // A chosen mapping can send two columns to one place; the later value would silently replace the earlier one.
        foreach (var shared in columns.Where(c => c.Target.Kind != TargetKind.Ignore)
                     .GroupBy(c => c.Target.Kind == TargetKind.Field ? "field " + c.Target.Field : "attribute " + c.Target.Attribute,
                         StringComparer.OrdinalIgnoreCase)
                     .Where(g => g.Count() > 1))
            warnings.Add($"Columns {string.Join(" and ", shared.Select(c => $"'{c.Header}'"))} all go to {shared.First().Target.Description}: " +
                "each row keeps only one of their values. Map all but one elsewhere, or ignore them.");
        var ragged = fieldCounts.Count(c => c != headerCount);
        if (ragged > 0)
            warnings.Add(fieldCounts.Count == 1 ? "The only row has a different number of values than the header; it will be rejected."
                : ragged == 1 ? $"1 of the first {fieldCounts.Count} rows has a different number of values than the header; it will be rejected."
                : $"{ragged} of the first {fieldCounts.Count} rows have a different number of values than the header; they will be rejected.");
        if (dateNeeded) warnings.Add("Some dates (like 03/04/2024) could be day-first or month-first: choose the date format.");
        if (separatorNeeded) warnings.Add("Some numbers (like 1,234) could use either decimal separator: choose the number format.");
        return warnings;
    }
}
