using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Cdp.Core.Segments.Sets;

/// <summary>A tree's count, all customers, and every node's own count, from one evaluation.</summary>
public sealed record SetCounts(int Count, int Total, IReadOnlyList<NodeCount> Nodes);

/// <summary>
/// Counts trees for the builder from the customer sets of their conditions, each computed by the engine's own
/// SQL (<see cref="TreeCompiler.CompileNode"/>) and kept until the data, the saved segments or the day change.
/// Groups are set algebra (AND = intersection, OR = union, NOT and negated conditions = complement within all
/// customers, as docs/segments.md defines them), so an edit that only reshapes the tree (moving, AND/OR, NOT,
/// deleting) needs no SQL at all, an edit to one condition runs that condition's query only, and every node's
/// count comes with the tree's. Results equal <see cref="SegmentEngine.CountAsync"/> (tested on random trees).
/// </summary>
public sealed class SegmentSetCounter(IDbContextFactory<CdpDbContext> dbFactory, SegmentEngine engine) : IDisposable
{
    /// <summary>About 500 conditions' sets at a million customers.</summary>
    private const long CacheBytes = 64L * 1024 * 1024;

    /// <summary>Relative conditions run "up to now"; a set older than this is computed again even on the same day.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _sets = new(new MemoryCacheOptions { SizeLimit = CacheBytes });

    /// <exception cref="RuleTreeException">The tree is invalid.</exception>
    public async Task<SetCounts> CountAsync(RuleGroup rules, string? ownKey = null, CancellationToken cancellationToken = default)
    {
        var (set, all, nodes) = await EvaluateAsync(rules, ownKey, cancellationToken);
        return new SetCounts(set.Count, all.Count, nodes);
    }

    /// <summary>The tree's first customers by id, from its kept sets: only the sampled customers' rows are read.</summary>
    /// <exception cref="RuleTreeException">The tree is invalid.</exception>
    public async Task<IReadOnlyList<SampleCustomer>> SampleAsync(RuleGroup rules, int take, string? ownKey = null,
        CancellationToken cancellationToken = default)
    {
        var ids = (await EvaluateAsync(rules, ownKey, cancellationToken)).Set.First(take);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await SegmentSampleQuery.RunAsync(db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)), take, cancellationToken);
    }

    /// <summary>
    /// Whether the customer is in the saved segment, looked up in the segment's kept customer set: after the
    /// first call for a segment (one query) it costs no SQL until the data, the segments or the day change.
    /// </summary>
    /// <exception cref="RuleTreeException">There is no segment with that key, or its tree is invalid.</exception>
    public async Task<bool> IsInSegmentAsync(string segmentKey, int customerId, CancellationToken cancellationToken = default) =>
        (await SegmentSetAsync(segmentKey, cancellationToken)).Segment.Contains(customerId);

    /// <summary>A customer of the saved segment picked at random (for previews); null when the segment is empty.</summary>
    /// <exception cref="RuleTreeException">There is no segment with that key, or its tree is invalid.</exception>
    public async Task<int?> RandomMemberAsync(string segmentKey, Random random, CancellationToken cancellationToken = default)
    {
        var (set, _) = await SegmentSetAsync(segmentKey, cancellationToken);
        var count = set.Count;
        return count == 0 ? null : set.ElementAt(random.Next(count));
    }

    private static RuleGroup SegmentTree(string segmentKey) =>
        new() { Rules = [new Rule { Field = BuiltInFields.SegmentKey, Operator = Operators.In }.With(segmentKey)] };

    /// <summary>
    /// The saved segment's kept customer set with the set of all customers, for set algebra across segments
    /// (an experience's reach under its priority order).
    /// </summary>
    /// <exception cref="RuleTreeException">There is no segment with that key, or its tree is invalid.</exception>
    internal async Task<(CustomerSet Segment, CustomerSet All)> SegmentSetAsync(string segmentKey, CancellationToken cancellationToken = default)
    {
        // Personalisation asks this for every segment on every request: once a saved segment's set is known for this
        // data, these segments and this day, it is answered without compiling the tree again.
        var stamp = engine.Stamp;
        var key = $"{stamp}|{engine.Today:yyyy-MM-dd}|segment:{segmentKey}";
        if (stamp is not null && _sets.TryGetValue(key, out (CustomerSet, CustomerSet) known)) return known;
        var (set, all, _) = await EvaluateAsync(SegmentTree(segmentKey), null, cancellationToken);
        if (stamp is not null && stamp == engine.Stamp)
            _sets.Set(key, (set, all), new MemoryCacheEntryOptions { Size = set.Bytes, AbsoluteExpirationRelativeToNow = MaxAge });
        return (set, all);
    }

    /// <summary>All customers' set.</summary>
    internal async Task<CustomerSet> AllAsync(CancellationToken cancellationToken = default) =>
        (await EvaluateAsync(new RuleGroup(), null, cancellationToken)).All;

    private async Task<(CustomerSet Set, CustomerSet All, List<NodeCount> Nodes)> EvaluateAsync(RuleGroup rules, string? ownKey,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stamp = engine.Stamp;
        var context = await engine.ContextAsync(db, null, ownKey, cancellationToken);
        TreeCompiler.Compile(context, rules); // every error of the tree before any query, as the engine reports them
        var scope = $"{stamp}|{context.Today:yyyy-MM-dd}|";
        var all = await SetAsync(db, scope + "*", () => db.Customers, stamp, cancellationToken);

        var nodes = new List<NodeCount>();
        var set = await EvaluateNodeAsync(rules, "");
        return (set, all, nodes);

        async Task<CustomerSet> EvaluateNodeAsync(RuleNode node, string path)
        {
            var index = nodes.Count;
            nodes.Add(new NodeCount(path, node.Id, 0)); // its place in tree order; the count follows its children's
            CustomerSet result;
            if (node is RuleGroup group)
            {
                CustomerSet? combined = null;
                for (var i = 0; i < group.Rules.Count; i++)
                {
                    var child = await EvaluateNodeAsync(group.Rules[i], RuleTreeJson.Join(path, $"rules[{i}]"));
                    combined = combined is null ? child : group.Combinator == Combinators.Or ? combined.Or(child) : combined.And(child);
                }
                combined ??= all; // an empty group places no condition
                result = group.Not ? all.Except(combined) : combined;
            }
            else
            {
                var leaf = ((Rule)node).Clone();
                leaf.Id = null;
                var predicate = TreeCompiler.CompileNode(context, leaf, path);
                result = await SetAsync(db, scope + RuleTreeJson.Serialize(leaf), () => db.Customers.Where(predicate), stamp, cancellationToken);
            }
            nodes[index] = nodes[index] with { Count = result.Count };
            return result;
        }
    }

    private async Task<CustomerSet> SetAsync(CdpDbContext db, string key, Func<IQueryable<Customer>> customers,
        (long, long)? stamp, CancellationToken cancellationToken)
    {
        if (_sets.TryGetValue(key, out CustomerSet? cached)) return cached!;
        var set = await SqliteInterrupt.RunAsync(db, async () =>
        {
            var maxId = await db.Customers.MaxAsync(c => (int?)c.Id, cancellationToken) ?? 0;
            var ids = CustomerSet.Empty(maxId);
            await foreach (var id in customers().AsNoTracking().Select(c => c.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
                ids.Add(id);
            return ids;
        }, cancellationToken);
        // Untracked data, or data that changed while reading, is not kept: the next count reads it again.
        if (stamp is not null && stamp == engine.Stamp)
            _sets.Set(key, set, new MemoryCacheEntryOptions { Size = set.Bytes, AbsoluteExpirationRelativeToNow = MaxAge });
        return set;
    }

    public void Dispose() => _sets.Dispose();
}
