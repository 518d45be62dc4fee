using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Values;

namespace Cdp.Core.Demo;

/// <summary>
/// Nine segments from everyday marketing, written against the demo store's data so each finds real people:
/// recent buyers, lapsing buyers, high income, big baskets, beginner golfers, upcoming birthdays, favourites
/// running low, Champions, and high spenders within the beginner golfers (a segment built on another).
/// </summary>
public sealed class DemoSegments(SegmentStore store)
{
    /// <summary>Key of the beginner golfers, which the high spenders among them refer to.</summary>
    public const string BeginnerGolfersKey = "beginner-golfers";

    /// <summary>The demo segments in dependency order: a segment comes after those it refers to.</summary>
    /// <remarks>New trees on every call, because rule trees are mutable.</remarks>
    public static IReadOnlyList<SegmentDraft> Drafts() =>
    [
        new("Purchased in the last 30 days",
            "Everyone who ordered this month: thank them, ask for a review, suggest what goes with what they bought.",
            And(Rule("lastOrderAt", "inLastDays", 30)), "purchased-last-30-days"),
        new("Not purchased in 90 days",
            "Customers who have bought before but not for three months: a win-back offer before they forget the shop.",
            And(Rule("lastOrderAt", "notInLastDays", 90)), "not-purchased-90-days"),
        new("High income",
            "Customers with a yearly income of 100,000 or more: the audience for premium and pro-level gear.",
            And(Rule("income", ">=", 100_000)), "high-income"),
        new("High average order value",
            "Customers whose orders average 400 or more: they buy big baskets, so show bundles and premium ranges.",
            And(Rule("averageOrderValue", ">=", 400)), "high-average-order-value"),
        new("Beginner golfers",
            "Golf fans who bought beginner-level golf equipment: lessons, starter bundles and, later, the step up to intermediate clubs.",
            And(Rule("interests", "containsAny", new[] { "golf" }), Rule("purchasedProduct", "in", DemoCatalog.SkusOf("Golf", "beginner"))),
            BeginnerGolfersKey),
        new("Birthday in the next 30 days",
            "Customers with a birthday in the coming month who accept marketing e-mail: send a birthday voucher.",
            And(Rule("birthDate", "inNextDays", 30), Rule("emailOptIn", "=", true)), "birthday-next-30-days"),
        new("Favourites running low on stock",
            "Customers with a favourite that has 5 or fewer left: a gentle \"almost gone\" reminder.",
            And(Rule("favoriteLowStock", "=", true)), "favourites-low-stock"),
        new("Champions",
            "The best customers by RFM: bought very recently and often. Reward them and ask them to spread the word.",
            And(Rule("rfmSegment", "=", RfmSegments.Champions)), "champions"),
        new("High spenders among beginner golfers",
            "Beginner golfers who have already spent 1,000 or more: ready for the intermediate range.",
            And(Rule("segment", "in", BeginnerGolfersKey), Rule("totalSpent", ">=", 1000)), "beginner-golfers-high-spenders"),
    ];

    /// <summary>
    /// Adds the demo segments whose key is not taken yet, in dependency order, so a marketer who deleted some
    /// gets them back without duplicating the others.
    /// </summary>
    /// <param name="actor">Who asked: <see cref="Audit.Actor.System"/> when the demo store is seeded.</param>
    /// <returns>The segments added (none when all exist).</returns>
    public async Task<IReadOnlyList<SegmentSummary>> AddMissingAsync(Audit.Actor actor, CancellationToken cancellationToken = default)
    {
        var taken = (await store.ListAsync(cancellationToken)).Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var added = new List<SegmentSummary>();
        // A marketer's own segment may already have a demo segment's name: the demo one then gets a name of its own.
        foreach (var draft in Drafts().Where(d => !taken.Contains(d.Key!)))
            added.Add(await store.CreateAsync(draft with { Name = await store.FreeNameAsync(draft.Name, "demo", cancellationToken) }, actor, cancellationToken));
        return added;
    }

    private static RuleGroup And(params RuleNode[] rules) => new() { Combinator = Combinators.And, Rules = [.. rules] };

    private static Rule Rule(string field, string op, object value) => new Rule { Field = field, Operator = op }.With(value);
}
