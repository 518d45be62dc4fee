using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// Compiles a rule tree into one predicate over customers, collecting every problem with the path of its
/// node instead of stopping at the first.
/// </summary>
internal static class TreeCompiler
{
    public const int MaxNodes = 200;
    public const int MaxDepth = 10;

    /// <summary>The predicate for the whole tree.</summary>
    /// <exception cref="RuleTreeException">The tree is invalid; every error names its node.</exception>
    public static Expression<Func<Customer, bool>> Compile(CompileContext context, RuleGroup tree)
    {
        var errors = CheckLimits(tree);
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
        Expression? body = null;
        for (var i = 0; i < group.Rules.Count; i++)
        {
            var child = Node(context, group.Rules[i], RuleTreeJson.Join(path, $"rules[{i}]"), errors);
            body = body is null ? child : isOr ? Expr.Or(body, child) : Expr.And(body, child);
        }
        // An empty group places no condition: it matches everyone.
        body ??= Expr.True;
        return group.Not ? Expr.Not(body) : body;
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

    private static List<RuleError> CheckLimits(RuleGroup tree)
    {
        var nodes = 0;
        var depth = 0;
        Walk(tree, 1);
        var errors = new List<RuleError>();
        if (nodes > MaxNodes) errors.Add(new RuleError("", $"the tree has {nodes} nodes; at most {MaxNodes} are allowed"));
        if (depth > MaxDepth) errors.Add(new RuleError("", $"the tree is {depth} levels deep; at most {MaxDepth} are allowed"));
        return errors;

        void Walk(RuleNode node, int level)
        {
            nodes++;
            depth = Math.Max(depth, level);
            if (node is RuleGroup group && level <= MaxDepth + 1 && nodes <= MaxNodes + 1)
                foreach (var child in group.Rules) Walk(child, level + 1);
        }
    }
}
