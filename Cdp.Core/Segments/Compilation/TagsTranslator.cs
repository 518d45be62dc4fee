using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>Interests: lower-case tags stored as a JSON array, searched with json_each.</summary>
internal sealed class TagsTranslator : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        var tags = RuleValues.List(rule).Select(t => t.ToLowerInvariant()).Distinct().ToList();
        Expression<Func<Customer, bool>> condition = op switch
        {
            Operators.ContainsAny => c => c.Interests.Any(i => tags.Contains(i)),
            // Stored tags may repeat, so count the distinct wanted tags the customer has.
            Operators.ContainsAll => c => c.Interests.Where(i => tags.Contains(i)).Distinct().Count() == tags.Count,
            _ => throw Unsupported(op),
        };
        return Expr.Bind(condition, context.Customer);
    }

    public override Expression? Actual(CompileContext context, Rule rule) => context.Member(c => c.Interests);
}
