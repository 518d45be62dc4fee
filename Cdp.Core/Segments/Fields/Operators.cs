namespace Cdp.Core.Segments.Fields;

/// <summary>Operator names, as react-querybuilder spells them, and which apply to which field type.</summary>
public static class Operators
{
    public const string Equal = "=";
    public const string NotEqual = "!=";
    public const string Less = "<";
    public const string LessOrEqual = "<=";
    public const string Greater = ">";
    public const string GreaterOrEqual = ">=";
    public const string Between = "between";
    public const string NotBetween = "notBetween";
    public const string In = "in";
    public const string NotIn = "notIn";
    public const string Contains = "contains";
    public const string DoesNotContain = "doesNotContain";
    public const string BeginsWith = "beginsWith";
    public const string DoesNotBeginWith = "doesNotBeginWith";
    public const string EndsWith = "endsWith";
    public const string DoesNotEndWith = "doesNotEndWith";
    public const string Null = "null";
    public const string NotNull = "notNull";
    public const string ContainsAny = "containsAny";
    public const string ContainsAll = "containsAll";
    public const string ContainsNone = "containsNone";
    public const string InLastDays = "inLastDays";
    public const string NotInLastDays = "notInLastDays";
    public const string InNextDays = "inNextDays";

    private static readonly string[] Presence = [Null, NotNull];
    private static readonly string[] Comparisons = [Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Between, NotBetween];

    /// <summary>The operators a field of this type offers; <paramref name="nullable"/> adds null/notNull.</summary>
    public static IReadOnlyList<string> For(SegmentFieldType type, bool nullable) => type switch
    {
        SegmentFieldType.Text => [Equal, NotEqual, In, NotIn, Contains, DoesNotContain, BeginsWith, DoesNotBeginWith,
            EndsWith, DoesNotEndWith, .. Presence],
        SegmentFieldType.Choice => [Equal, NotEqual, In, NotIn, .. nullable ? Presence : []],
        SegmentFieldType.Number => [.. Comparisons, .. nullable ? Presence : []],
        SegmentFieldType.Date => [.. Comparisons, InLastDays, NotInLastDays, InNextDays, .. nullable ? Presence : []],
        SegmentFieldType.Boolean => [Equal, .. nullable ? Presence : []],
        SegmentFieldType.Tags => [ContainsAny, ContainsAll, ContainsNone],
        SegmentFieldType.List or SegmentFieldType.Segment => [In, NotIn],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Operators that are the exact complement of another one.</summary>
    public static bool IsNegated(string op) =>
        op is NotEqual or NotBetween or NotIn or DoesNotContain or DoesNotBeginWith or DoesNotEndWith or ContainsNone or NotNull;

    /// <summary>Operators without a value.</summary>
    public static bool TakesNoValue(string op) => op is Null or NotNull;
}
