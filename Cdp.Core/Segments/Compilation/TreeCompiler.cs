using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Limits;
using Cdp.Core.Orders;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// Compiles a rule tree into one predicate over customers, collecting every problem with the path of its
/// node instead of stopping at the first.
/// </summary>
internal static class TreeCompiler
{
    /// <summary>The predicate for the whole tree.</summary>
    /// <exception cref="RuleTreeException">The tree is invalid; every error names its node.</exception>
    public static Expression<Func<Customer, bool>> Compile(CompileContext context, RuleGroup tree)
    {
        var errors = CheckLimits(tree, context.Limits);
        if (errors.Count > 0) throw new RuleTreeException(errors);
        var body = Group(context, tree, "", errors);
        if (errors.Count > 0) throw new RuleTreeException(errors);
        return Expression.Lambda<Func<Customer, bool>>(body, context.Customer);
    }

    /// <summary>One node on its own, for per-node counts and explanations.</summary>
    public static Expression<Func<Customer, bool>> CompileNode(CompileContext context, RuleNode node, string path)
    {
        var errors = new List<RuleError>();
        var body = Node(context, node, path, errors);
        if (errors.Count > 0) throw new RuleTreeException(errors);
        return Expression.Lambda<Func<Customer, bool>>(body, context.Customer);
    }

    internal static Expression Group(CompileContext context, RuleGroup group, string path, List<RuleError> errors)
    {
        var isOr = group.Combinator == Combinators.Or;
        var (parts, shared) = ShareWindows(context, group, isOr);
        for (var i = 0; i < group.Rules.Count; i++)
            if (!shared.Contains(i)) parts.Add(Node(context, group.Rules[i], RuleTreeJson.Join(path, $"rules[{i}]"), errors));
        // An empty group places no condition: it matches everyone.
        var body = parts.Count == 0 ? Expr.True : parts.Aggregate(isOr ? Expr.Or : Expr.And);
        return group.Not ? Expr.Not(body) : body;
    }

    /// <summary>
    /// Sibling order rules over the same window (e.g. 3+ orders and 300+ spent in the last year) become one
    /// GROUP BY with their HAVING tests combined, so the window's orders are read once, as one would write it.
    /// </summary>
    /// <returns>The combined conditions, and the indexes of the rules they replace.</returns>
    private static (List<Expression> Parts, HashSet<int> Shared) ShareWindows(CompileContext context, RuleGroup group, bool isOr)
    {
        var candidates = new List<(int Index, int Days, Expression<Func<IGrouping<int, Order>, bool>> Having)>();
        for (var i = 0; i < group.Rules.Count; i++)
        {
            if (group.Rules[i] is not Rule { Window: { } window } rule) continue;
            if (context.Catalog.Resolve(rule, "").Translator is not IWindowedAggregate aggregate) continue;
            try
            {
                if (aggregate.Having(context, rule) is { } having) candidates.Add((i, window.Days, having));
            }
            catch (RuleValueException)
            {
                // Compiled on its own, which reports the error at the rule's path.
            }
        }

        var parts = new List<Expression>();
        var shared = new HashSet<int>();
        foreach (var sameWindow in candidates.GroupBy(c => c.Days).Where(g => g.Count() > 1))
        {
            var orders = Expression.Parameter(typeof(IGrouping<int, Order>), "g");
            var tests = sameWindow.Select(c => Expr.Bind(c.Having, orders)).Aggregate(isOr ? Expr.Or : Expr.And);
            parts.Add(OrderSubqueries.Grouped(context, new RuleWindow(sameWindow.Key),
                Expression.Lambda<Func<IGrouping<int, Order>, bool>>(tests, orders)));
            shared.UnionWith(sameWindow.Select(c => c.Index));
        }
        return (parts, shared);
    }

    private static Expression Node(CompileContext context, RuleNode node, string path, List<RuleError> errors) => node switch
    {
        RuleGroup group => Group(context, group, path, errors),
        Rule rule => Rule(context, rule, path, errors),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static Expression Rule(CompileContext context, Rule rule, string path, List<RuleError> errors)
    {
        var resolved = context.Catalog.Resolve(rule, path);
        if (resolved.Error is { } error)
        {
            errors.Add(error);
            return Expr.False;
        }
        try
        {
            return resolved.Translator!.Condition(context, rule);
        }
        catch (RuleValueException e)
        {
            // A cycle found deep inside referenced segments is reported at the reference in the tree itself.
            // (Checked here, not in a filter: filters run before the inner expansions' finally blocks.)
            if (e is SegmentCycleException && context.ExpansionDepth > 0) throw;
            errors.Add(new RuleError(RuleTreeJson.Join(path, e.Member), e.Message));
            return Expr.False;
        }
    }

    /// <summary>
    /// Size and depth first: a tree beyond them is refused before any of it is compiled or queried. The walk itself
    /// is cheap: the tree was read from at most a request body, and JSON reading already bounds its depth.
    /// </summary>
    private static List<RuleError> CheckLimits(RuleGroup tree, LimitSettings limits)
    {
        var nodes = 0;
        var depth = 0;
        Walk(tree, 1);
        var errors = new List<RuleError>();
        if (nodes > limits.MaxRuleNodes)
            errors.Add(new RuleError("", $"the tree has {nodes:N0} nodes (groups and conditions); at most {limits.MaxRuleNodes:N0} are allowed " +
                $"({LimitSettings.Key(nameof(LimitSettings.MaxRuleNodes))})"));
        if (depth > limits.MaxRuleDepth)
            errors.Add(new RuleError("", $"the tree is {depth:N0} levels deep; at most {limits.MaxRuleDepth:N0} are allowed " +
                $"({LimitSettings.Key(nameof(LimitSettings.MaxRuleDepth))})"));
        return errors;

        void Walk(RuleNode node, int level)
        {
            nodes++;
            depth = Math.Max(depth, level);
            if (node is RuleGroup group)
                foreach (var child in group.Rules) Walk(child, level + 1);
        }
    }
}
