using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// A field with a fixed list of values (gender, RFM segment, lifecycle stage). Values are matched to the
/// list ignoring case, then compared exactly, so indexes on the column apply.
/// </summary>
/// <param name="toStored">Converts a choice to the member's type (e.g. the Gender enum).</param>
internal sealed class ChoiceTranslator(MemberAccess member, IReadOnlyList<string> choices, Func<string, object>? toStored = null)
    : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        var value = member(context);
        return op switch
        {
            Operators.Null => Expr.IsNull(value),
            Operators.Equal => Equal(value, Choice(RuleValues.Text(rule))),
            Operators.In => RuleValues.List(rule).Select(Choice).Distinct()
                .Select(choice => Equal(value, choice)).Aggregate(Expr.Or),
            _ => throw Unsupported(op),
        };
    }

    public override Expression? Actual(CompileContext context, Rule rule) => member(context);

    private Expression Equal(Expression value, string choice)
    {
        var stored = toStored?.Invoke(choice) ?? choice;
        return Expr.And(Expr.NotNull(value), Expression.Equal(value, Expr.As(Expr.Param(stored, stored.GetType()), value.Type)));
    }

    private string Choice(string text) =>
        choices.FirstOrDefault(c => string.Equals(c, text.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new RuleValueException($"\"{text}\" is not one of: {string.Join(", ", choices)}");
}
