using Cdp.Core.Import.Parsing;

namespace Cdp.Core.Import.Mapping;

/// <summary>Suggests where each column goes, from its header and sample values.</summary>
public static class ColumnMapper
{
    /// <summary>Prefix our own exports put before custom attribute columns ("attr.loyaltyPoints").</summary>
    public const string AttributePrefix = "attr.";

    /// <param name="existingAttributes">Custom attributes already in the data, with their types: a column of the same
    /// name keeps that type.</param>
    public static IReadOnlyList<ColumnSuggestion> Suggest(
        ImportKind kind, IReadOnlyList<string> headers, IReadOnlyList<string?[]> sample,
        IReadOnlyDictionary<string, FieldType> existingAttributes, DateOrder dateOrder, DecimalSeparator separator)
    {
        var fields = ImportFields.For(kind);
        var bySynonym = new Dictionary<string, ImportField>();
        foreach (var field in fields)
        foreach (var synonym in field.Synonyms.Append(field.Key))
            bySynonym.TryAdd(HeaderNames.Normalize(synonym), field);

        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var attributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var suggestions = new List<ColumnSuggestion>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var values = sample.Select(row => i < row.Length ? row[i] : null).ToList();
            suggestions.Add(SuggestOne(kind, i, header, values, bySynonym, taken, attributes, existingAttributes, dateOrder, separator));
        }

        // A full-name column is only split when the file has no separate first or last name.
        if (taken.Contains("firstName") || taken.Contains("lastName"))
        {
            for (var i = 0; i < suggestions.Count; i++)
                if (suggestions[i].Target is { Kind: TargetKind.Field, Field: "fullName" })
                    suggestions[i] = suggestions[i] with { Target = ColumnTarget.Ignored, Reason = "the file has separate first and last names" };
        }
        return suggestions;
    }

    private static ColumnSuggestion SuggestOne(
        ImportKind kind, int index, string header, List<string?> values, Dictionary<string, ImportField> bySynonym,
        HashSet<string> taken, HashSet<string> attributes, IReadOnlyDictionary<string, FieldType> existingAttributes,
        DateOrder dateOrder, DecimalSeparator separator)
    {
        if (header.StartsWith(AttributePrefix, StringComparison.OrdinalIgnoreCase) && kind == ImportKind.Customers)
        {
            var name = UniqueAttributeName(ExportedAttributeName(header[AttributePrefix.Length..]), attributes);
            var type = existingAttributes.TryGetValue(name, out var known) ? known : AttributeTypes.Infer(values, dateOrder, separator);
            return new(index, header, ColumnTarget.ToAttribute(name, type), "custom attribute column of a Cdp export");
        }

        if (bySynonym.TryGetValue(HeaderNames.Normalize(header), out var field))
        {
            if (field.Computed) return new(index, header, ColumnTarget.Ignored, "computed by Cdp from orders, never imported");
            if (taken.Add(field.Key)) return new(index, header, ColumnTarget.ToField(field.Key), $"header matches {field.Label}");
            return Unmatched(kind, index, header, values, attributes, existingAttributes, dateOrder, separator,
                $"{field.Label} comes from an earlier column");
        }
        return Unmatched(kind, index, header, values, attributes, existingAttributes, dateOrder, separator, "no field has this name");
    }

    /// <summary>
    /// The attribute an <c>attr.</c> column of our export names: its exact key when it is one (loyaltyPoints stays
    /// loyaltyPoints rather than becoming a new attribute loyaltypoints), else a name made from the header.
    /// </summary>
    private static string ExportedAttributeName(string header)
    {
        var name = header.Trim();
        return HeaderNames.IsAttributeName(name) ? name : HeaderNames.AttributeName(name);
    }

    private static ColumnSuggestion Unmatched(
        ImportKind kind, int index, string header, List<string?> values, HashSet<string> attributes,
        IReadOnlyDictionary<string, FieldType> existingAttributes, DateOrder dateOrder, DecimalSeparator separator, string why)
    {
        if (kind != ImportKind.Customers) return new(index, header, ColumnTarget.Ignored, why);
        if (values.Count > 0 && values.All(v => CellText.Clean(v) is null))
            return new(index, header, ColumnTarget.Ignored, $"{why}, and it is empty in the sample");
        var name = UniqueAttributeName(HeaderNames.AttributeName(header), attributes);
        var type = existingAttributes.TryGetValue(name, out var known) ? known : AttributeTypes.Infer(values, dateOrder, separator);
        return new(index, header, ColumnTarget.ToAttribute(name, type), $"{why}: kept as a custom attribute");
    }

    /// <summary>
    /// "Loyalty Tier" and "loyalty-tier" both make "loyaltyTier": the later column becomes "loyaltyTier2", so that
    /// two columns never fill one attribute and overwrite each other's values.
    /// </summary>
    private static string UniqueAttributeName(string name, HashSet<string> attributes)
    {
        var unique = name;
        for (var n = 2; !attributes.Add(unique); n++) unique = name + n;
        return unique;
    }
}
