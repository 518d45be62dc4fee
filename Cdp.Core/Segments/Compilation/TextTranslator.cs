using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments.Compilation;

/// <summary>How a text column is compared without regard to case.</summary>
internal enum TextCase
{
    /// <summary>The column has the NOCASE collation already (e-mail, city, category, SKU).</summary>
    Column,
    /// <summary>Values are stored upper case (ISO country codes): compare upper-cased, so the index is used.</summary>
    Upper,
    /// <summary>Compare with COLLATE NOCASE.</summary>
    Collate,
}

/// <summary>
/// Text conditions, case-insensitive for ASCII letters as SQLite's NOCASE and LIKE are; contains, begins
/// and ends with take the value literally (LIKE wildcards escaped).
/// </summary>
internal sealed class TextTranslator(MemberAccess member, TextCase textCase) : FieldTranslator
{
    private static readonly Expression<Func<string?, string?>> NoCase = s => EF.Functions.Collate(s, "NOCASE");
    private static readonly Expression<Func<string?, string, bool>> Like = (s, pattern) => EF.Functions.Like(s, pattern, "\\");

    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        var value = member(context);
        var keyed = textCase == TextCase.Collate ? Expr.Bind(NoCase, value) : value;
        return op switch
        {
            Operators.Null => Expr.IsNull(value),
            // Equality and IN need no IS NOT NULL guard: EF Core's null semantics keep their negations exact.
            Operators.Equal => Expression.Equal(keyed, Expr.Param(Normalize(RuleValues.Text(rule)))),
            Operators.In => In(keyed, RuleValues.List(rule).Select(Normalize).ToList()),
            Operators.Contains => Matches(value, $"%{Escape(RuleValues.Text(rule))}%"),
            Operators.BeginsWith => Matches(value, $"{Escape(RuleValues.Text(rule))}%"),
            Operators.EndsWith => Matches(value, $"%{Escape(RuleValues.Text(rule))}"),
            _ => throw Unsupported(op),
        };
    }

    public override Expression? Actual(CompileContext context, Rule rule) => member(context);

    /// <summary><c>value IN (list)</c>; EF sends the list as one JSON parameter.</summary>
    internal static Expression In(Expression value, List<string> list) =>
        Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expr.Param(list), value);

    private string Normalize(string text) => textCase == TextCase.Upper ? text.ToUpperInvariant() : text;

    private static Expression Matches(Expression value, string pattern) =>
        Expr.And(Expr.NotNull(value), Expr.Bind(Like, value, Expr.Param(pattern)));

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
