using Cdp.Core.Segments.Fields;

namespace Cdp.Web.Components.Pages.Segments.Builder;

/// <summary>How the operator picker words each operator for a field of a given type.</summary>
public static class OperatorLabels
{
    public sealed record Choice(string Value, string Text);

    public static IReadOnlyList<Choice> For(FieldDescription field) =>
        field.Operators.Select(op => new Choice(op, Label(field.Type, op))).ToList();

    public static string Label(SegmentFieldType type, string op) => (type, op) switch
    {
        (SegmentFieldType.List, Operators.In) => "bought any of",
        (SegmentFieldType.List, Operators.NotIn) => "bought none of",
        (SegmentFieldType.Segment, Operators.In) => "is in",
        (SegmentFieldType.Segment, Operators.NotIn) => "is not in",
        (SegmentFieldType.Date, Operators.Equal) => "is on",
        (SegmentFieldType.Date, Operators.NotEqual) => "is not on",
        (SegmentFieldType.Date, Operators.Less) => "is before",
        (SegmentFieldType.Date, Operators.LessOrEqual) => "is on or before",
        (SegmentFieldType.Date, Operators.Greater) => "is after",
        (SegmentFieldType.Date, Operators.GreaterOrEqual) => "is on or after",
        (_, Operators.Equal) => "is",
        (_, Operators.NotEqual) => "is not",
        (_, Operators.Less) => "is less than",
        (_, Operators.LessOrEqual) => "is at most",
        (_, Operators.Greater) => "is more than",
        (_, Operators.GreaterOrEqual) => "is at least",
        (_, Operators.Between) => "is between",
        (_, Operators.NotBetween) => "is not between",
        (_, Operators.In) => "is any of",
        (_, Operators.NotIn) => "is none of",
        (_, Operators.Contains) => "contains",
        (_, Operators.DoesNotContain) => "does not contain",
        (_, Operators.BeginsWith) => "begins with",
        (_, Operators.DoesNotBeginWith) => "does not begin with",
        (_, Operators.EndsWith) => "ends with",
        (_, Operators.DoesNotEndWith) => "does not end with",
        (_, Operators.Null) => "is empty",
        (_, Operators.NotNull) => "is not empty",
        (_, Operators.ContainsAny) => "include any of",
        (_, Operators.ContainsAll) => "include all of",
        (_, Operators.ContainsNone) => "include none of",
        (_, Operators.InLastDays) => "is within the last",
        (_, Operators.NotInLastDays) => "is more than … ago",
        (_, Operators.InNextDays) => "anniversary in the next",
        _ => op,
    };

    /// <summary>Operators whose value is a list of several values.</summary>
    public static bool TakesList(string op) =>
        op is Operators.In or Operators.NotIn or Operators.ContainsAny or Operators.ContainsAll or Operators.ContainsNone;

    public static bool TakesRange(string op) => op is Operators.Between or Operators.NotBetween;

    public static bool TakesDays(string op) => op is Operators.InLastDays or Operators.NotInLastDays or Operators.InNextDays;
}
