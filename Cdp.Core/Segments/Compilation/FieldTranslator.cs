using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// Turns rules on one field into a boolean expression over the customer. Translators implement the
/// positive operators only; <see cref="Condition"/> builds every negated operator as the exact complement.
/// </summary>
internal abstract class FieldTranslator
{
    public Expression Condition(CompileContext context, Rule rule) =>
        Operators.IsNegated(rule.Operator)
            ? Expr.Not(Positive(context, Counterpart(rule.Operator), rule))
            : Positive(context, rule.Operator, rule);

    /// <summary>The condition for a positive operator; must be false, never SQL NULL, for missing values.</summary>
    protected abstract Expression Positive(CompileContext context, string op, Rule rule);

    /// <summary>The customer's own value the rule looks at, for explanations; null when there is none to show.</summary>
    public abstract Expression? Actual(CompileContext context, Rule rule);

    /// <summary>The actual value as a marketer reads it.</summary>
    public virtual string Format(object? actual, CompileContext context) => ValueText.Format(actual);

    private static string Counterpart(string op) => op switch
    {
        Operators.NotEqual => Operators.Equal,
        Operators.NotBetween => Operators.Between,
        Operators.NotIn => Operators.In,
        Operators.DoesNotContain => Operators.Contains,
        Operators.DoesNotBeginWith => Operators.BeginsWith,
        Operators.DoesNotEndWith => Operators.EndsWith,
        Operators.ContainsNone => Operators.ContainsAny,
        Operators.NotNull => Operators.Null,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected static RuleValueException Unsupported(string op) => new($"operator \"{op}\" is not supported here");
}

/// <summary>Reads a member of the customer on the context's parameter.</summary>
internal delegate Expression MemberAccess(CompileContext context);
