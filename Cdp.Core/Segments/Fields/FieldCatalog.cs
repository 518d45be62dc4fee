using Cdp.Core.Customers;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Fields;

/// <summary>
/// Every field rules can test: the built-in customer, behavioural and value fields, and each custom attribute
/// found in imports (<c>attr.&lt;name&gt;</c>), with the translator that compiles rules on it.
/// </summary>
public sealed class FieldCatalog
{
    public const string AttributePrefix = "attr.";

    private readonly Dictionary<string, CatalogEntry> _entries;

    private FieldCatalog(IEnumerable<CatalogEntry> entries) =>
        _entries = entries.ToDictionary(e => e.Field.Key, StringComparer.Ordinal);

    public IReadOnlyList<SegmentField> Fields => _entries.Values.Select(e => e.Field).ToList();

    public SegmentField? Find(string key) => _entries.GetValueOrDefault(key)?.Field;

    /// <summary>The built-in fields plus the given custom attributes.</summary>
    public static FieldCatalog Create(IEnumerable<CustomAttributeDefinition> attributes) =>
        new(BuiltInFields.All.Concat(ValueFields.All).Concat(attributes.Where(a => HeaderNames.IsAttributeName(a.Name)).Select(Attribute)));

    internal FieldTranslator Translator(string key) => _entries[key].Translator;

    /// <summary>The rule's translator, or the first problem with its field, operator or extensions.</summary>
    internal (FieldTranslator? Translator, RuleError? Error) Resolve(Rule rule, string path)
    {
        if (!_entries.TryGetValue(rule.Field, out var entry))
        {
            var suggestion = _entries.Keys.FirstOrDefault(k => string.Equals(k, rule.Field, StringComparison.OrdinalIgnoreCase));
            return (null, new RuleError(RuleTreeJson.Join(path, "field"),
                $"unknown field \"{rule.Field}\"" + (suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")));
        }
        var field = entry.Field;
        if (!field.Operators.Contains(rule.Operator))
            return (null, new RuleError(RuleTreeJson.Join(path, "operator"),
                $"\"{rule.Operator}\" does not apply to {field.Label} ({field.Type.ToString().ToLowerInvariant()}); use one of: {string.Join(", ", field.Operators)}"));
        if (rule.ValueSource is not (null or "value"))
            return (null, new RuleError(RuleTreeJson.Join(path, "valueSource"), "comparing two fields is not supported; use a value"));
        if (rule.Window is not null && !field.Windowable)
            return (null, new RuleError(RuleTreeJson.Join(path, "window"), $"{field.Label} cannot take a time window"));
        return (entry.Translator, null);
    }

    private static CatalogEntry Attribute(CustomAttributeDefinition attribute)
    {
        var key = AttributePrefix + attribute.Name;
        var path = $"$.\"{attribute.Name}\"";
        MemberAccess text = c => Call(nameof(SegmentSqlFunctions.JsonText), c, path);
        var (type, translator) = attribute.Type switch
        {
            FieldType.Number or FieldType.Integer => (SegmentFieldType.Number,
                (FieldTranslator)new NumberTranslator(c => Call(nameof(SegmentSqlFunctions.JsonNumber), c, path), whole: false)),
            FieldType.Date or FieldType.DateTime => (SegmentFieldType.Date, new DateTranslator(text)),
            FieldType.Boolean => (SegmentFieldType.Boolean, new BooleanTranslator(c => Call(nameof(SegmentSqlFunctions.JsonInteger), c, path))),
            _ => (SegmentFieldType.Text, new TextTranslator(text, TextCase.Collate)),
        };
        var field = new SegmentField(key, attribute.Name, FieldCategory.Custom, type, Operators.For(type, nullable: true),
            $"Custom attribute \"{attribute.Name}\" from imported data.");
        return new CatalogEntry(field, translator);
    }

    private static System.Linq.Expressions.Expression Call(string function, CompileContext context, string path) =>
        System.Linq.Expressions.Expression.Call(typeof(SegmentSqlFunctions), function, null,
            context.Member(c => c.Attributes), Expr.Param(path));
}

internal sealed record CatalogEntry(SegmentField Field, FieldTranslator Translator);
