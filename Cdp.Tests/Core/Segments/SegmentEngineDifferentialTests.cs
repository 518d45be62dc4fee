using System.Text;
using Cdp.Core.Customers;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Segments;

/// <summary>
/// Random trees over random customers: the engine's SQL count must equal an independent in-memory
/// evaluation of docs/segments.md (<see cref="InMemorySegmentEvaluator"/>). On a mismatch the message shows
/// the tree, the smallest node that disagrees on its own, and the customers on which they differ.
/// </summary>
public class SegmentEngineDifferentialTests
{
    private const int Customers = 300;
    private const int TreesPerSeed = 300;
    private const int MaxReported = 3;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Clocks chosen for their calendar: an ordinary day; 28 February of a leap year late in the evening;
    /// midnight starting 27 February and noon on 28 February of common years (29 February birthdays); the turn
    /// of the year; the last second of 28 February in a common year.</summary>
    public static TheoryData<int, string> Seeds => new()
    {
        { 1, "2026-11-24T12:00:00Z" },
        { 2, "2028-02-28T23:30:00Z" },
        { 3, "2027-02-27T00:00:00Z" },
        { 4, "2026-12-30T08:15:00Z" },
        { 12, "2027-02-28T12:00:00Z" },
        { 14, "2025-02-28T23:59:59Z" },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task CountAsync_RandomTrees_EqualsInMemoryEvaluation(int seed, string now)
    {
        var nowUtc = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
        await using var database = await TestDatabase.CreateAsync();
        var store = await RandomStore.CreateAsync(database, seed, nowUtc, Customers, Cancel);
        var engine = new SegmentEngine(database.Factory, new FixedClock(new DateTimeOffset(nowUtc)));
        var rng = new Random(seed * 7919);
        var segments = await SaveSegmentsAsync(database, store, rng);
        var evaluator = new InMemorySegmentEvaluator(RandomStore.AttributeTypes, segments);
        var trees = new RandomTrees(rng, store, segments.Keys.ToList());
        var check = new Checker(engine, evaluator, store);

        var failures = new List<string>();
        for (var i = 0; i < TreesPerSeed && failures.Count < MaxReported; i++)
        {
            var tree = trees.Next();
            // Mostly the engine's clock; sometimes an earlier as-of moment, which leaves later data "in the future".
            DateTime? asOf = rng.Next(5) == 0 ? nowUtc.AddDays(-rng.Next(1, 40)).AddMinutes(-rng.Next(0, 1440)) : null;
            if (await check.DescribeMismatchAsync(tree, asOf) is { } failure) failures.Add($"seed {seed}, tree {i}: {failure}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>
    /// Saved segments for references, each a random tree that may refer to the ones saved before it (a chain,
    /// so no cycle). Stored as rows, as the segment store leaves them, so the engine reads them itself.
    /// </summary>
    private static async Task<Dictionary<string, RuleGroup>> SaveSegmentsAsync(TestDatabase database, RandomStore store, Random rng)
    {
        var segments = new Dictionary<string, RuleGroup>();
        await using var db = database.NewContext();
        foreach (var key in new[] { "seg-a", "seg-b", "lapsed-golfers" })
        {
            var rules = new RandomTrees(rng, store, segments.Keys.ToList()).Next();
            segments[key] = rules;
            db.Segments.Add(new Segment
            {
                Key = key, Name = key, Rules = RuleTreeJson.Serialize(rules), CreatedAt = store.NowUtc, UpdatedAt = store.NowUtc,
            });
        }
        await db.SaveChangesAsync(Cancel);
        return segments;
    }

    /// <summary>Compares one tree and, when the counts differ, narrows the difference down.</summary>
    private sealed class Checker(SegmentEngine engine, InMemorySegmentEvaluator evaluator, RandomStore store)
    {
        private DateTime Moment(DateTime? asOf) => asOf ?? store.NowUtc;

        public async Task<string?> DescribeMismatchAsync(RuleGroup tree, DateTime? asOf)
        {
            int got;
            try
            {
                got = await engine.CountAsync(tree, asOf, cancellationToken: Cancel);
            }
            catch (RuleTreeException e)
            {
                return $"the engine refused a valid tree: {e.Message}\ntree: {RuleTreeJson.Serialize(tree)}";
            }
            var expected = store.Customers.Count(c => evaluator.Matches(tree, c, Moment(asOf)));
            if (got == expected) return null;

            var text = new StringBuilder()
                .AppendLine($"engine counted {got}, expected {expected} (as of {Moment(asOf):O}{(asOf is null ? ", the engine's clock" : "")})")
                .AppendLine($"tree: {RuleTreeJson.Serialize(tree)}");
            var smallest = await SmallestDisagreeingAsync(tree, asOf);
            text.AppendLine($"smallest disagreeing node: {RuleTreeJson.Serialize(smallest)}");
            foreach (var line in await DifferingCustomersAsync(Root(smallest), asOf)) text.AppendLine(line);
            return text.ToString();
        }

        /// <summary>Descends into the first child that disagrees on its own; a group whose children all agree is itself the culprit.</summary>
        private async Task<RuleNode> SmallestDisagreeingAsync(RuleNode node, DateTime? asOf)
        {
            if (node is not RuleGroup group) return node;
            foreach (var child in group.Rules)
            {
                var root = Root(child);
                var got = await engine.CountAsync(root, asOf, cancellationToken: Cancel);
                var expected = store.Customers.Count(c => evaluator.Matches(root, c, Moment(asOf)));
                if (got != expected) return await SmallestDisagreeingAsync(child, asOf);
            }
            return node;
        }

        /// <summary>Asks the engine about each customer alone (tree AND "is this customer").</summary>
        private async Task<List<string>> DifferingCustomersAsync(RuleGroup tree, DateTime? asOf)
        {
            var lines = new List<string>();
            foreach (var customer in store.Customers)
            {
                var probe = new RuleGroup { Rules = [tree, Identify(customer)] };
                var engineSays = await engine.CountAsync(probe, asOf, cancellationToken: Cancel) == 1;
                var memorySays = evaluator.Matches(tree, customer, Moment(asOf));
                if (engineSays != memorySays)
                    lines.Add($"customer {customer.Id}: engine {(engineSays ? "in" : "out")}, expected {(memorySays ? "in" : "out")}; {Describe(customer)}");
                if (lines.Count == 10) break;
            }
            return lines;
        }

        private static Rule Identify(Customer c) => c.ExternalId is { } id
            ? new Rule { Field = "externalId", Operator = "=" }.With(id)
            : new Rule { Field = "email", Operator = "=" }.With(c.Email!);

        private static RuleGroup Root(RuleNode node) => node as RuleGroup ?? new RuleGroup { Rules = [node] };

        private static string Describe(Customer c) =>
            $"first={c.FirstName} last={c.LastName} email={c.Email} extId={c.ExternalId} gender={c.Gender} birth={c.BirthDate:yyyy-MM-dd} " +
            $"income={c.Income} marital={c.MaritalStatus} occupation={c.Occupation} education={c.Education} country={c.Country} " +
            $"region={c.Region} city={c.City} postal={c.PostalCode} device={c.Device} channel={c.PreferredChannel} " +
            $"source={c.AcquisitionSource} optIn={c.EmailOptIn} signedUp={c.SignedUpAt:O} lastSeen={c.LastSeenAt:O} " +
            $"interests=[{string.Join(",", c.Interests)}] orders={c.OrdersCount} spent={c.TotalSpent} aov={c.AverageOrderValue} " +
            $"firstOrder={c.FirstOrderAt:O} lastOrder={c.LastOrderAt:O} rfm={c.RfmRecency}{c.RfmFrequency}{c.RfmMonetary} {c.RfmSegment} " +
            $"pclv={c.PredictedClv} orders=[{string.Join(", ", c.Orders.Select(Describe))}] " +
            $"favourites=[{string.Join(",", c.Favorites.Select(f => $"{f.Product!.Sku}:{f.Product.Stock}"))}] attrs={c.Attributes}";

        private static string Describe(Cdp.Core.Orders.Order o) =>
            $"{o.OrderedAt:O} {o.Total} ({string.Join(" ", o.Lines.Select(l => $"{l.Quantity}x{l.Product!.Sku}/{l.Product.Category}"))})";
    }
}
