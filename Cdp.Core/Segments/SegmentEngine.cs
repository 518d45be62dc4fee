using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Limits;
using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments;

/// <summary>
/// Answers every question about a rule tree in the database: how many, who, what they look like, and why
/// one customer is in or out. The tree is compiled to one parameterised EF Core query (docs/segments.md).
/// </summary>
/// <param name="changes">When given, the field catalogue and saved segments are kept between calls until the data changes.</param>
/// <param name="limits">Rule-tree size and depth, and the preview time; the defaults when not given.</param>
public sealed class SegmentEngine(IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock, DataChanges? changes = null,
    LimitSettings? limits = null)
{
    /// <summary>The limits every tree is checked against (<c>Cdp:Limits</c>).</summary>
    public LimitSettings Limits { get; } = limits ?? new LimitSettings();

    private sealed record Definitions(long Version, long Generation, FieldCatalog Catalog, IReadOnlyDictionary<string, RuleGroup> Segments,
        DateTime? FirstOrderAt)
    {
        /// <summary>The base's countries for previews (<see cref="SegmentBreakdownQuery.CountryColumnsAsync"/>), read on first use.</summary>
        public CountryColumns? Countries { get; set; }
    }

    /// <param name="Codes">Null when there are too many countries to count in columns.</param>
    private sealed record CountryColumns(IReadOnlyList<string>? Codes);

    private volatile Definitions? _definitions;

    /// <summary>Saved segments changed: references must read them again (customer data is unchanged).</summary>
    internal void SegmentsChanged() => Interlocked.Increment(ref _segmentsGeneration);

    private long _segmentsGeneration;

    /// <summary>The fields rules can use, custom attributes included.</summary>
    public async Task<FieldCatalog> CatalogAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CatalogAsync(db, cancellationToken);
    }

    /// <inheritdoc cref="CatalogAsync(CancellationToken)"/>
    public async Task<FieldCatalog> CatalogAsync(CdpDbContext db, CancellationToken cancellationToken = default) =>
        FieldCatalog.Create(await db.CustomAttributeDefinitions.AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>The customers matching the tree, as a query to page, count or export.</summary>
    /// <param name="ownKey">The key of the segment being edited, so that a reference back to it is a cycle.</param>
    /// <exception cref="RuleTreeException">The tree is invalid.</exception>
    public async Task<IQueryable<Customer>> QueryAsync(CdpDbContext db, RuleGroup rules, DateTime? asOfUtc = null,
        string? ownKey = null, CancellationToken cancellationToken = default)
    {
        var context = await ContextAsync(db, asOfUtc, ownKey, cancellationToken);
        return db.Customers.AsNoTracking().Where(TreeCompiler.Compile(context, rules));
    }

    /// <summary>The problems of a tree, each naming its node; empty when it is valid.</summary>
    public async Task<IReadOnlyList<RuleError>> ValidateAsync(RuleGroup rules, string? ownKey = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await QueryAsync(db, rules, null, ownKey, cancellationToken);
            return [];
        }
        catch (RuleTreeException e)
        {
            return e.Errors;
        }
    }

    /// <summary>How many customers match the tree. Cancelling the token interrupts the running statement.</summary>
    /// <param name="ownKey">The key of the segment being edited, so that a reference back to it is a cycle.</param>
    /// <exception cref="RuleTreeException">The tree is invalid.</exception>
    public async Task<int> CountAsync(RuleGroup rules, DateTime? asOfUtc = null, string? ownKey = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await QueryAsync(db, rules, asOfUtc, ownKey, cancellationToken);
        return await SqliteInterrupt.RunAsync(db, () => query.CountAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// <see cref="CountAsync"/> under the <see cref="LimitSettings.PreviewSeconds"/> limit, as stored with a saved segment: a
    /// tree that takes longer is interrupted rather than holding a request or a page for as long as it takes.
    /// </summary>
    /// <exception cref="RuleTreeException">The tree is invalid.</exception>
    /// <exception cref="PreviewTimeoutException">The count took longer than the limit.</exception>
    public Task<int> CountWithinLimitAsync(RuleGroup rules, string? ownKey = null, CancellationToken cancellationToken = default) =>
        PreviewDeadline.RunAsync(Limits.PreviewSeconds, token => CountAsync(rules, null, ownKey, token), cancellationToken, what: "count");

    /// <summary>
    /// The count, share and breakdowns of the tree. Cancelling the token interrupts the running statement, as does
    /// running longer than <see cref="LimitSettings.PreviewSeconds"/>.
    /// </summary>
    /// <exception cref="RuleTreeException">The tree is invalid.</exception>
    /// <exception cref="PreviewTimeoutException">The preview took longer than <see cref="LimitSettings.PreviewSeconds"/>.</exception>
    public Task<SegmentPreview> PreviewAsync(RuleGroup rules, PreviewOptions? options = null, CancellationToken cancellationToken = default) =>
        PreviewDeadline.RunAsync(Limits.PreviewSeconds, token => PreviewUnlimitedAsync(rules, options, token), cancellationToken);

    private async Task<SegmentPreview> PreviewUnlimitedAsync(RuleGroup rules, PreviewOptions? options, CancellationToken cancellationToken)
    {
        options ??= new PreviewOptions();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var definitions = await DefinitionsAsync(db, cancellationToken);
        var context = Context(db, definitions, options.AsOfUtc, options.OwnKey, null);
        var customers = db.Customers.AsNoTracking().Where(TreeCompiler.Compile(context, rules));
        return await SqliteInterrupt.RunAsync(db, () => PreviewAsync(db, definitions, context, rules, customers, options, cancellationToken),
            cancellationToken);
    }

    private async Task<SegmentPreview> PreviewAsync(CdpDbContext db, Definitions definitions, CompileContext context, RuleGroup rules,
        IQueryable<Customer> customers, PreviewOptions options, CancellationToken cancellationToken)
    {
        var total = await db.Customers.CountAsync(cancellationToken);
        definitions.Countries ??= new CountryColumns(await SegmentBreakdownQuery.CountryColumnsAsync(db, cancellationToken));
        var breakdowns = await SegmentBreakdownQuery.RunAsync(db, customers, total, context.Now, definitions.Countries.Codes, cancellationToken);
        var nodes = options.PerNode ? await NodeCountsAsync(db, context, rules, cancellationToken) : null;
        var count = breakdowns.Count;
        return new SegmentPreview(count, total, total == 0 ? 0 : (double)count / total, context.Now, breakdowns.Breakdowns, nodes);
    }

    /// <summary>Each node's verdict for one customer, with the customer's values; null when there is no such customer.</summary>
    public async Task<SegmentExplanation?> ExplainAsync(RuleGroup rules, int customerId, DateTime? asOfUtc = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var context = await ContextAsync(db, asOfUtc, null, cancellationToken, onlyCustomerId: customerId);
        TreeCompiler.Compile(context, rules);   // reports every error of the tree before explaining any node
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { c.FirstName, c.LastName, c.Email, c.ExternalId }).FirstOrDefaultAsync(cancellationToken);
        if (customer is null) return null;

        var name = new Customer { Id = customerId, FirstName = customer.FirstName, LastName = customer.LastName, Email = customer.Email,
            ExternalId = customer.ExternalId }.DisplayName;
        var root = await new SegmentExplainer(db, context, customerId).ExplainAsync(rules, "", cancellationToken);
        return new SegmentExplanation(customerId, name, root.Matched, context.Now, root);
    }

    private async Task<List<NodeCount>> NodeCountsAsync(CdpDbContext db, CompileContext context, RuleGroup rules, CancellationToken cancellationToken)
    {
        var counts = new List<NodeCount>();
        foreach (var (node, path) in Walk(rules, ""))
        {
            var count = await db.Customers.CountAsync(TreeCompiler.CompileNode(context, node, path), cancellationToken);
            counts.Add(new NodeCount(path, node.Id, count));
        }
        return counts;
    }

    /// <summary>Every node with its path, in tree order, root first.</summary>
    internal static IEnumerable<(RuleNode Node, string Path)> Walk(RuleNode node, string path)
    {
        yield return (node, path);
        if (node is not RuleGroup group) yield break;
        for (var i = 0; i < group.Rules.Count; i++)
            foreach (var item in Walk(group.Rules[i], RuleTreeJson.Join(path, $"rules[{i}]")))
                yield return item;
    }

    /// <summary>What results depend on besides the tree and the day: the data and the saved segments. Null when changes are not tracked.</summary>
    /// <summary>The day relative conditions count from (<see cref="CompileContext.Today"/> of a context made now).</summary>
    internal DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    internal (long Data, long Segments)? Stamp => changes is null ? null : (changes.Version, Interlocked.Read(ref _segmentsGeneration));

    internal async Task<CompileContext> ContextAsync(CdpDbContext db, DateTime? asOfUtc, string? ownKey, CancellationToken cancellationToken,
        int? onlyCustomerId = null) =>
        Context(db, await DefinitionsAsync(db, cancellationToken), asOfUtc, ownKey, onlyCustomerId);

    private CompileContext Context(CdpDbContext db, Definitions definitions, DateTime? asOfUtc, string? ownKey, int? onlyCustomerId)
    {
        var context = new CompileContext(db, definitions.Catalog, asOfUtc ?? clock.GetUtcNow().UtcDateTime, definitions.Segments)
        {
            Limits = Limits,
            OnlyCustomerId = onlyCustomerId,
            FirstOrderAt = definitions.FirstOrderAt,
        };
        if (ownKey is not null) context.ReferenceChain.Add(ownKey);
        return context;
    }

    /// <summary>The catalogue and the saved segments' trees; read again only after the data changed.</summary>
    private async Task<Definitions> DefinitionsAsync(CdpDbContext db, CancellationToken cancellationToken)
    {
        var version = changes?.Version;
        var generation = Interlocked.Read(ref _segmentsGeneration);
        if (version is not null && _definitions is { } cached && cached.Version == version && cached.Generation == generation) return cached;

        var catalog = await CatalogAsync(db, cancellationToken);
        var saved = await db.Segments.AsNoTracking().Select(s => new { s.Key, s.Rules }).ToListAsync(cancellationToken);
        var segments = new Dictionary<string, RuleGroup>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in saved)
        {
            // A stored tree that no longer parses is reported when referenced, not when unrelated trees run.
            try { segments[segment.Key] = RuleTreeJson.Parse(segment.Rules); }
            catch (RuleTreeException) { segments[segment.Key] = new RuleGroup { Rules = [new Rule { Field = "(invalid stored segment)" }] }; }
        }
        var firstOrderAt = await db.Orders.MinAsync(o => (DateTime?)o.OrderedAt, cancellationToken);
        var definitions = new Definitions(version ?? 0, generation, catalog, segments, firstOrderAt);
        if (version is not null) _definitions = definitions;
        return definitions;
    }
}
