using System.Text.Json.Serialization;

namespace Cdp.Core.Segments.Fields;

/// <summary>How marketers group fields (docs/segments.md, "Fields").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FieldCategory>))]
public enum FieldCategory
{
    Demographic,
    Geographic,
    Behavioural,
    Value,
    Psychographic,
    Technographic,
    Lifecycle,
    Custom,
}

/// <summary>The kind of value a field holds, which decides its operators and value editor.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SegmentFieldType>))]
public enum SegmentFieldType
{
    Text,
    /// <summary>Text from a fixed list (gender, RFM segment, lifecycle stage).</summary>
    Choice,
    Number,
    Date,
    Boolean,
    /// <summary>A set of lower-case tags (interests).</summary>
    Tags,
    /// <summary>Things a customer bought (categories, SKUs).</summary>
    List,
    /// <summary>A reference to a saved segment by its key.</summary>
    Segment,
}

/// <summary>A field rules can test, as the catalogue describes it to the builder and the API.</summary>
/// <param name="Key">camelCase key used in rule trees, e.g. <c>country</c> or <c>attr.loyaltyPoints</c>.</param>
/// <param name="Windowable">Whether rules on it may carry a <c>window</c> (order-based fields).</param>
/// <param name="WholeNumbers">Whether number values must be whole (counts, ages, scores).</param>
/// <param name="Choices">The allowed values of a <see cref="SegmentFieldType.Choice"/> field.</param>
public sealed record SegmentField(
    string Key,
    string Label,
    FieldCategory Category,
    SegmentFieldType Type,
    IReadOnlyList<string> Operators,
    string Description,
    bool Windowable = false,
    bool WholeNumbers = false,
    IReadOnlyList<string>? Choices = null);
