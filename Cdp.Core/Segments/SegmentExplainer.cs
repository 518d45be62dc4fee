using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments;

/// <summary>
/// Explains a tree for one customer: each node's verdict comes from the same compiled SQL as the segment
/// (restricted to that customer), and each rule shows the customer's own value next to what it needs.
/// </summary>
internal sealed class SegmentExplainer(CdpDbContext db, CompileContext context, int customerId)
{
    public async Task<NodeVerdict> ExplainAsync(RuleNode node, string path, CancellationToken cancellationToken)
    {
        var matched = await db.Customers.Where(c => c.Id == customerId)
            .AnyAsync(TreeCompiler.CompileNode(context, node, path), cancellationToken);
        var condition = RuleDescriber.Describe(node, context.Catalog);
        var verdict = matched ? "matched" : "not matched";

        if (node is RuleGroup group)
        {
            var children = new List<NodeVerdict>();
            for (var i = 0; i < group.Rules.Count; i++)
                children.Add(await ExplainAsync(group.Rules[i], RuleTreeJson.Join(path, $"rules[{i}]"), cancellationToken));
            var summary = group.Rules.Count == 0
                ? "an empty group matches everyone"
                : $"{children.Count(c => c.Matched)} of {children.Count} {(group.Combinator == Combinators.Or ? "(any needed)" : "(all needed)")} matched"
                  + (group.Not ? ", then negated (NOT)" : "");
            return new NodeVerdict(path, node.Id, matched, condition, null, $"{Capitalise(group.Combinator.ToUpperInvariant())} group: {summary}: {verdict}", children);
        }

        var rule = (Rule)node;
        var translator = context.Catalog.Translator(rule.Field);
        var actual = translator.Actual(context, rule) is { } value
            ? translator.Format(await ValueAsync(value, cancellationToken), context)
            : null;
        var text = actual is null ? $"{condition}: {verdict}" : $"{condition}; customer has {actual}: {verdict}";
        return new NodeVerdict(path, node.Id, matched, condition, actual, text, []);
    }

    private async Task<object?> ValueAsync(Expression value, CancellationToken cancellationToken)
    {
        var selector = Expression.Lambda<Func<Customer, object?>>(Expression.Convert(value, typeof(object)), context.Customer);
        return await db.Customers.Where(c => c.Id == customerId).Select(selector).FirstOrDefaultAsync(cancellationToken);
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : text[..1] + text[1..].ToLowerInvariant();
}
