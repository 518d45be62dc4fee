using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>Yes/no fields: a bool column, or a JSON boolean (which json_extract returns as 1 or 0).</summary>
internal sealed class BooleanTranslator(MemberAccess member) : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        var value = member(context);
        if (op == Operators.Null) return Expr.IsNull(value);
        if (op != Operators.Equal) throw Unsupported(op);
        var wanted = RuleValues.Boolean(rule);
        var stored = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
        var constant = stored == typeof(bool) ? (object)wanted : wanted ? 1L : 0L;
        return Expr.And(Expr.NotNull(value), Expression.Equal(value, Expr.As(Expr.Param(constant, stored), value.Type)));
    }

    public override Expression? Actual(CompileContext context, Rule rule) => member(context);

    public override string Format(object? actual, CompileContext context) =>
        actual is long number ? ValueText.Format(number != 0) : ValueText.Format(actual);
}
