using System.Globalization;
using System.Text.Json;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments;

/// <summary>
/// Plain-language descriptions of rules and trees ("Country is one of DE, FR"), for explanations and the
/// builder's summary. Describes what was written; it does not validate.
/// </summary>
public static class RuleDescriber
{
    /// <param name="segmentNames">Names of saved segments by key, so references read by name.</param>
    public static string Describe(RuleNode node, FieldCatalog catalog, IReadOnlyDictionary<string, string>? segmentNames = null) => node switch
    {
        RuleGroup group => DescribeGroup(group, catalog, segmentNames),
        Rule rule => DescribeRule(rule, catalog, segmentNames),
        _ => "",
    };

    /// <summary>The whole tree as one sentence about customers, for the builder: "Customers where …".</summary>
    public static string Summarize(RuleGroup root, FieldCatalog catalog, IReadOnlyDictionary<string, string>? segmentNames = null) =>
        root.Rules.Count == 0
            ? root.Not ? "No customers (an empty NOT group excludes everyone)" : "All customers (the segment has no conditions yet)"
            : $"Customers where {Describe(root, catalog, segmentNames)}";

    public static string DescribeRule(Rule rule, FieldCatalog catalog, IReadOnlyDictionary<string, string>? segmentNames = null)
    {
        var field = catalog.Find(rule.Field);
        var label = field?.Label ?? rule.Field;
        var value = ValueOf(rule) is { Length: > 0 } written ? written : "…";
        if (field?.Type == SegmentFieldType.Segment && segmentNames?.GetValueOrDefault(value) is { } name) value = $"“{name}”";
        var isDate = field?.Type == SegmentFieldType.Date;
        var text = (field?.Type, rule.Operator) switch
        {
            (SegmentFieldType.Segment, Operators.In) => $"in segment {value}",
            (SegmentFieldType.Segment, Operators.NotIn) => $"not in segment {value}",
            (SegmentFieldType.List, Operators.In) => $"{label}: bought any of {value}",
            (SegmentFieldType.List, Operators.NotIn) => $"{label}: bought none of {value}",
            (SegmentFieldType.Boolean, Operators.Equal) => $"{label} is {(value is "true" ? "yes" : "no")}",
            _ => $"{label} {Phrase(rule.Operator, isDate)}{(Operators.TakesNoValue(rule.Operator) ? "" : " " + value)}",
        };
        text += rule.Operator switch
        {
            Operators.InLastDays => " days",
            Operators.NotInLastDays => " days ago",
            Operators.InNextDays => " days (anniversary)",
            _ => "",
        };
        return rule.Window is { } window ? $"{text}, in the last {window.Days} days" : text;
    }

    private static string DescribeGroup(RuleGroup group, FieldCatalog catalog, IReadOnlyDictionary<string, string>? segmentNames)
    {
        var parts = group.Rules
            .Select(r => r is RuleGroup { Not: false } ? $"({Describe(r, catalog, segmentNames)})" : Describe(r, catalog, segmentNames))
            .ToList();
        var body = parts.Count == 0 ? "everyone" : string.Join(group.Combinator == Combinators.Or ? " or " : " and ", parts);
        return group.Not ? $"not ({body})" : body;
    }

    private static string Phrase(string op, bool isDate) => op switch
    {
        Operators.Equal => isDate ? "is on" : "is",
        Operators.NotEqual => isDate ? "is not on" : "is not",
        Operators.Less => isDate ? "is before" : "is less than",
        Operators.LessOrEqual => isDate ? "is on or before" : "is at most",
        Operators.Greater => isDate ? "is after" : "is more than",
        Operators.GreaterOrEqual => isDate ? "is on or after" : "is at least",
        Operators.Between => "is between",
        Operators.NotBetween => "is not between",
        Operators.In => "is one of",
        Operators.NotIn => "is none of",
        Operators.Contains => "contains",
        Operators.DoesNotContain => "does not contain",
        Operators.BeginsWith => "begins with",
        Operators.DoesNotBeginWith => "does not begin with",
        Operators.EndsWith => "ends with",
        Operators.DoesNotEndWith => "does not end with",
        Operators.Null => "is empty",
        Operators.NotNull => "is not empty",
        Operators.ContainsAny => "include any of",
        Operators.ContainsAll => "include all of",
        Operators.ContainsNone => "include none of",
        Operators.InLastDays => "is in the last",
        Operators.NotInLastDays => "is more than",
        Operators.InNextDays => "falls in the next",
        _ => op,
    };

    private static string ValueOf(Rule rule)
    {
        if (rule.Value is not { } value) return "";
        var items = value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(Scalar).ToList()
            : [Scalar(value)];
        return rule.Operator is Operators.Between or Operators.NotBetween && items.Count == 2
            ? $"{items[0]} and {items[1]}"
            : string.Join(", ", items);
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetDecimal().ToString(CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };
}
