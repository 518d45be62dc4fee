using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// A whole number derived from a date: age in years from the birth date, days since the last order. The
/// number grows as the date gets older, so "number ≥ k" is "date before a bound" and every comparison
/// becomes a range on the stored date, which its index can serve.
/// </summary>
/// <param name="bound">For k, the first date whose number is below k: number ≥ k exactly when date &lt; bound(k).</param>
/// <param name="elapsed">The number itself, in memory, for explanations.</param>
internal sealed class ElapsedTranslator(
    MemberAccess member,
    Func<CompileContext, long, DateTime> bound,
    Func<CompileContext, object, int> elapsed) : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        var dates = new DateBounds(member(context));
        if (op == Operators.Null) return Expr.IsNull(member(context));
        if (op == Operators.Between)
        {
            var (low, high) = RuleValues.NumberRange(rule, whole: true);
            return Range(dates, context, (long)low, (long)high);
        }
        var n = (long)RuleValues.Number(rule, whole: true);
        return op switch
        {
            Operators.GreaterOrEqual => AtLeast(dates, context, n),
            Operators.Greater => AtLeast(dates, context, n + 1),
            Operators.LessOrEqual => AtMost(dates, context, n),
            Operators.Less => AtMost(dates, context, n - 1),
            Operators.Equal => Range(dates, context, n, n),
            _ => throw Unsupported(op),
        };
    }

    public override Expression? Actual(CompileContext context, Rule rule) => member(context);

    public override string Format(object? actual, CompileContext context) =>
        actual is null ? ValueText.NoValue : elapsed(context, actual).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Expression AtLeast(DateBounds dates, CompileContext context, long k) => dates.Before(bound(context, k));

    private Expression AtMost(DateBounds dates, CompileContext context, long k) => dates.AtOrAfter(bound(context, k + 1));

    private Expression Range(DateBounds dates, CompileContext context, long low, long high) =>
        Expr.And(AtLeast(dates, context, low), AtMost(dates, context, high));

    /// <summary>For age ≥ k: born on or before the k-th birthday counted back from today.</summary>
    public static DateTime AgeBound(DateOnly today, long k)
    {
        var year = today.Year - k;
        if (year < 1) return DateTime.MinValue;
        if (year > 9998) return DateTime.MaxValue.Date;
        // The latest birth date already k years old: today's month/day in that year, or 29 February when today
        // is 28 February of a common year (such people celebrate on 28 February).
        var latest = today is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(today.Year) && DateTime.IsLeapYear((int)year)
            ? new DateOnly((int)year, 2, 29)
            : new DateOnly((int)year, today.Month, Math.Min(today.Day, DateTime.DaysInMonth((int)year, today.Month)));
        return latest.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }

    /// <summary>For days since ≥ k: the date's day is at least k days before today.</summary>
    public static DateTime DaysSinceBound(CompileContext context, long k) =>
        k > 40_000 ? DateTime.MinValue : k < -40_000 ? DateTime.MaxValue.Date : context.DayStart((int)k - 1);
}
