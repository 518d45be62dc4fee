using System.Globalization;
using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// Absolute, relative and anniversary conditions on a date stored as a UTC DateTime, a DateOnly, or ISO
/// text inside custom attributes. Every condition becomes range comparisons on the stored value, so
/// indexes on date columns apply (anniversaries excepted).
/// </summary>
internal sealed class DateTranslator(MemberAccess member) : FieldTranslator
{
    /// <summary>The longest anniversary window: a year, leap day included.</summary>
    public const int MaxAnniversaryDays = 366;

    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        var value = member(context);
        var dates = new DateBounds(value);
        return op switch
        {
            Operators.Null => Expr.IsNull(value),
            Operators.InLastDays => dates.Within(context.DayStart(RuleValues.Days(rule)), context.Now, context),
            Operators.NotInLastDays => dates.Before(context.DayStart(RuleValues.Days(rule))),
            Operators.InNextDays => Anniversary(value, context.Today, RuleValues.Days(rule, MaxAnniversaryDays)),
            Operators.Between => Between(dates, RuleValues.DateRange(rule)),
            _ => Compare(dates, op, dates.Fit(RuleValues.Date(rule))),
        };
    }

    public override Expression? Actual(CompileContext context, Rule rule) => member(context);

    private static Expression Compare(DateBounds dates, string op, DateValue date) => op switch
    {
        Operators.Equal when date.WholeDay => Expr.And(dates.AtOrAfter(date.Start), dates.Before(date.End)),
        Operators.Equal => dates.Compare(ExpressionType.Equal, date.Start),
        Operators.Less => dates.Before(date.Start),
        Operators.LessOrEqual => date.WholeDay ? dates.Before(date.End) : dates.Compare(ExpressionType.LessThanOrEqual, date.Start),
        Operators.Greater => date.WholeDay ? dates.AtOrAfter(date.End) : dates.Compare(ExpressionType.GreaterThan, date.Start),
        Operators.GreaterOrEqual => dates.AtOrAfter(date.Start),
        _ => throw Unsupported(op),
    };

    private static Expression Between(DateBounds dates, (DateValue Low, DateValue High) range)
    {
        var high = dates.Fit(range.High);
        return Expr.And(dates.AtOrAfter(dates.Fit(range.Low).Start),
            high.WholeDay ? dates.Before(high.End) : dates.Compare(ExpressionType.LessThanOrEqual, high.Start));
    }

    /// <summary>
    /// The date's month and day fall within today and the next <paramref name="days"/> days. A 29 February
    /// date is celebrated on 28 February in common years.
    /// </summary>
    private static Expression Anniversary(Expression value, DateOnly today, int days)
    {
        var monthDays = new List<string>();
        for (var day = today; day <= today.AddDays(days); day = day.AddDays(1))
        {
            monthDays.Add(day.ToString("MM-dd", CultureInfo.InvariantCulture));
            if (day is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(day.Year)) monthDays.Add("02-29");
        }
        var monthDay = Expression.Call(typeof(SegmentSqlFunctions), nameof(SegmentSqlFunctions.MonthDay), null,
            Nullable.GetUnderlyingType(value.Type) is { } underlying ? Expression.Convert(value, underlying) : value);
        return Expr.And(Expr.NotNull(value), TextTranslator.In(monthDay, monthDays.Distinct().ToList()));
    }
}

/// <summary>Comparisons of a stored date with a moment, in the stored representation.</summary>
internal readonly struct DateBounds(Expression value)
{
    private Type Stored => Nullable.GetUnderlyingType(value.Type) ?? value.Type;

    /// <summary>Day-only representations compare whole days: an instant counts as its day.</summary>
    public DateValue Fit(DateValue date) =>
        Stored == typeof(DateTime) || date.WholeDay ? date : new DateValue(date.Start.Date, WholeDay: true);

    public Expression AtOrAfter(DateTime moment) => Compare(ExpressionType.GreaterThanOrEqual, moment);

    public Expression Before(DateTime moment) => Compare(ExpressionType.LessThan, moment);

    /// <summary>From <paramref name="start"/> up to now (for day-only values: up to the end of today).</summary>
    public Expression Within(DateTime start, DateTime now, CompileContext context) =>
        Expr.And(AtOrAfter(start), Stored == typeof(DateTime)
            ? Compare(ExpressionType.LessThanOrEqual, now)
            : Before(context.DayStart(-1)));

    public Expression Compare(ExpressionType comparison, DateTime moment)
    {
        Expression test;
        if (Stored == typeof(string))
        {
            // ISO text compares correctly as text: string.Compare(a, b) < 0 becomes a < b in SQL.
            var text = moment.TimeOfDay == TimeSpan.Zero
                ? moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : moment.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var compare = Expression.Call(typeof(string), nameof(string.Compare), null, value, Expr.Param(text));
            test = Expression.MakeBinary(comparison, compare, Expression.Constant(0));
        }
        else
        {
            object bound = Stored == typeof(DateOnly) ? DateOnly.FromDateTime(moment) : moment;
            test = Expression.MakeBinary(comparison, value, Expr.As(Expr.Param(bound, Stored), value.Type));
        }
        return Expr.And(Expr.NotNull(value), test);
    }
}
