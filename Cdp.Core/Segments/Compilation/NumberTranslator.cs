using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>Comparisons on a number: a stored column, a JSON attribute, or an aggregate over orders.</summary>
internal sealed class NumberTranslator(MemberAccess member, bool whole) : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule) =>
        Compare(member(context), op, rule, whole);

    public override Expression? Actual(CompileContext context, Rule rule) => member(context);

    /// <summary>The positive comparison of any numeric expression with the rule's value.</summary>
    public static Expression Compare(Expression value, string op, Rule rule, bool whole)
    {
        if (op == Operators.Null) return Expr.IsNull(value);
        if (op == Operators.Between)
        {
            var (low, high) = RuleValues.NumberRange(rule, whole);
            return Expr.And(Expr.NotNull(value),
                Expr.And(Expression.GreaterThanOrEqual(value, Number(low, value.Type)), Expression.LessThanOrEqual(value, Number(high, value.Type))));
        }
        var number = Number(RuleValues.Number(rule, whole), value.Type);
        Expression comparison = op switch
        {
            Operators.Equal => Expression.Equal(value, number),
            Operators.Less => Expression.LessThan(value, number),
            Operators.LessOrEqual => Expression.LessThanOrEqual(value, number),
            Operators.Greater => Expression.GreaterThan(value, number),
            Operators.GreaterOrEqual => Expression.GreaterThanOrEqual(value, number),
            _ => throw Unsupported(op),
        };
        return Expr.And(Expr.NotNull(value), comparison);
    }

    /// <summary>Whether <paramref name="value"/> passes the positive comparison, in memory.</summary>
    public static bool Passes(decimal value, string op, Rule rule, bool whole)
    {
        if (op == Operators.Between)
        {
            var (low, high) = RuleValues.NumberRange(rule, whole);
            return low <= value && value <= high;
        }
        var n = RuleValues.Number(rule, whole);
        return op switch
        {
            Operators.Equal => value == n,
            Operators.Less => value < n,
            Operators.LessOrEqual => value <= n,
            Operators.Greater => value > n,
            Operators.GreaterOrEqual => value >= n,
            _ => false,
        };
    }

    /// <summary>Whether the comparison can only pass for numbers up to some bound (=, &lt;, &lt;=, between).</summary>
    public static bool BoundedAbove(string op) => op is Operators.Equal or Operators.Less or Operators.LessOrEqual or Operators.Between;

    private static Expression Number(decimal value, Type memberType)
    {
        var type = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if ((type == typeof(int) || type == typeof(long)) && value != decimal.Truncate(value))
            throw new RuleValueException("expected a whole number");
        return Expr.As(Expr.Param(Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture), type), memberType);
    }
}
