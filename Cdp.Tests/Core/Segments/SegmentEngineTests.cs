using Cdp.Core.Customers;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Products;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Values;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Segments;

/// <summary>Each operator and type on a small store whose answers are known by heart.</summary>
public class SegmentEngineTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = FixedClock.Default.UtcDateTime;   // 2026-11-24 12:00 UTC

    [Fact]
    public async Task Text_IgnoresCase_AndNegationIncludesMissingValues()
    {
        await using var store = await StoreAsync();
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("city", "=", "BERLIN")));
        Assert.Equal(["carla", "dave", "eve"], await NamesAsync(store, Rule("city", "!=", "berlin")));
        Assert.Equal(["anna", "bob", "carla"], await NamesAsync(store, Rule("country", "in", new[] { "de", "fr" })));
        Assert.Equal(["dave", "eve"], await NamesAsync(store, Rule("country", "notIn", "DE,FR")));
        Assert.Equal(["eve"], await NamesAsync(store, Rule("occupation", "contains", "50%")));
        Assert.Equal(["dave"], await NamesAsync(store, Rule("occupation", "beginsWith", "GOLF")));
        Assert.Equal(["dave"], await NamesAsync(store, Rule("occupation", "endsWith", "PRO")));
        Assert.Equal(["anna", "bob", "carla", "eve"], await NamesAsync(store, Rule("occupation", "doesNotBeginWith", "golf")));
        Assert.Equal(["anna", "bob", "carla"], await NamesAsync(store, Rule("occupation", "null")));
    }

    [Fact]
    public async Task Age_CountsWholeYears_WithLeapDayBirthdaysOnTheTwentyEighth()
    {
        await using var store = await StoreAsync(new DateTimeOffset(2027, 2, 28, 9, 0, 0, TimeSpan.Zero));
        // Bob was born 2000-02-29: on 28 February 2027 (a common year) he turns 27.
        Assert.Equal(["bob"], await NamesAsync(store, Rule("age", "=", 27)));
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("age", "between", new[] { 20, 40 })));
        Assert.Equal(["carla"], await NamesAsync(store, Rule("age", ">", 40)));
        Assert.Equal(["dave", "eve"], await NamesAsync(store, Rule("age", "null")));
    }

    [Fact]
    public async Task Birthday_InNextDays_WrapsTheYearAndCelebratesLeapDaysInCommonYears()
    {
        await using var store = await StoreAsync(new DateTimeOffset(2027, 2, 20, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("birthDate", "inNextDays", 8)));
        Assert.Empty(await NamesAsync(store, Rule("birthDate", "inNextDays", 7)));
        await using var december = await StoreAsync(new DateTimeOffset(2026, 12, 28, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(["anna"], await NamesAsync(december, Rule("birthDate", "inNextDays", 10)));   // 5 January
    }

    [Fact]
    public async Task Dates_CompareWholeDaysOrExactInstants()
    {
        await using var store = await StoreAsync();
        // Anna signed up on 2025-03-01 at 23:30 UTC; everyone else on 2025-10-20.
        Assert.Equal(["anna"], await NamesAsync(store, Rule("signedUpAt", "=", "2025-03-01")));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("signedUpAt", "<=", "2025-03-01")));
        Assert.Empty(await NamesAsync(store, Rule("signedUpAt", "<", "2025-03-01")));
        Assert.Equal(["bob", "carla", "dave", "eve"], await NamesAsync(store, Rule("signedUpAt", ">", "2025-03-01")));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("signedUpAt", "=", "2025-03-02T01:30:00+02:00")));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("signedUpAt", "between", new[] { "2025-01-01", "2025-03-01" })));
        Assert.Equal(["bob", "carla", "dave", "eve"], await NamesAsync(store, Rule("signedUpAt", "notBetween", "2025-01-01,2025-03-01")));
    }

    [Fact]
    public async Task RelativeDates_CountUtcDays_WhateverTheClocksOffset_AndFollowAsOf()
    {
        // 01:00 on 25 November in UTC+2 is still 24 November in UTC: a week back starts on 17 November.
        await using var store = await StoreAsync(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("lastOrderAt", "inLastDays", 7)));
        var asOf = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(1, await store.Engine.CountAsync(Group("and", Rule("lastOrderAt", "inLastDays", 7)), asOf, cancellationToken: Cancel));   // Bob, 28 May
    }

    [Fact]
    public async Task OrderRules_UseWindows_AndZeroOrdersMatchesNeverPurchased()
    {
        await using var store = await StoreAsync();
        Assert.Equal(["bob", "carla", "dave", "eve"], await NamesAsync(store, Windowed(Rule("ordersCount", "=", 0), 30)));
        Assert.Equal(["anna"], await NamesAsync(store, Windowed(Rule("ordersCount", ">=", 1), 30)));
        Assert.Equal(["bob", "carla", "dave", "eve"], await NamesAsync(store, Windowed(Rule("ordersCount", "<", 1), 30)));
        Assert.Equal(["anna", "carla", "dave", "eve"], await NamesAsync(store, Windowed(Rule("totalSpent", "<", 100), 400)));
        // Siblings over one window share a GROUP BY; AND and OR still mean what they say.
        Assert.Equal(["anna"], await NamesAsync(store,
            Group("and", Windowed(Rule("ordersCount", ">=", 1), 30), Windowed(Rule("totalSpent", ">", 0), 30))));
        Assert.Equal(["anna", "bob"], await NamesAsync(store,
            Group("or", Windowed(Rule("ordersCount", ">=", 2), 400), Windowed(Rule("totalSpent", ">", 300), 400))));
        Assert.Empty(await NamesAsync(store,
            Group("and", Windowed(Rule("ordersCount", ">=", 2), 400), Windowed(Rule("totalSpent", ">", 300), 400))));
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("ordersCount", ">=", 1)));
        Assert.Equal(["bob"], await NamesAsync(store, Windowed(Rule("totalSpent", ">", 150), 400)));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("lastOrderAt", "notInLastDays", 30)));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("daysSinceLastOrder", ">", 30)));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("lastOrderAt", "inLastDays", 30)));
    }

    [Fact]
    public async Task Purchases_CountOnlyBoughtItems_NotReturns()
    {
        await using var store = await StoreAsync();
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("purchasedCategory", "in", new[] { "golf" })));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("purchasedCategory", "in", new[] { "Hiking" })));   // Anna returned hers
        Assert.Equal(["anna", "carla", "dave", "eve"], await NamesAsync(store, Rule("purchasedCategory", "notIn", new[] { "Hiking" })));
        Assert.Equal(["anna"], await NamesAsync(store, Windowed(Rule("purchasedProduct", "in", new[] { "golf-1" }), 30)));
        Assert.Equal(["carla"], await NamesAsync(store, Rule("favoriteLowStock", "=", true)));
    }

    [Fact]
    public async Task Tags_AnyAllNone()
    {
        await using var store = await StoreAsync();
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("interests", "containsAny", new[] { "Golf" })));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("interests", "containsAll", new[] { "golf", "travel" })));
        Assert.Equal(["carla", "dave", "eve"], await NamesAsync(store, Rule("interests", "containsNone", new[] { "golf" })));
    }

    [Fact]
    public async Task CustomAttributes_ByType()
    {
        await using var store = await StoreAsync();
        Assert.Equal(["anna"], await NamesAsync(store, Rule("attr.points", ">=", 500)));
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("attr.points", "notNull")));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("attr.vip", "=", "false")));
        Assert.Equal(["anna"], await NamesAsync(store, Rule("attr.vip", "=", true)));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("attr.memberSince", "<", "2020-01-01")));
        Assert.Equal(["bob"], await NamesAsync(store, Rule("attr.store", "=", "MITTE")));
    }

    [Fact]
    public async Task Groups_NotIsTheExactComplement_AndEmptyGroupsMatchEveryone()
    {
        await using var store = await StoreAsync();
        var tree = Group("or", Rule("country", "=", "DE"), Group("and", Rule("income", ">", 50000)));
        var matched = await NamesAsync(store, tree);
        tree.Not = true;
        var negated = await NamesAsync(store, tree);
        Assert.Equal(5, matched.Count + negated.Count);
        Assert.Empty(matched.Intersect(negated));
        Assert.Equal(5, await store.Engine.CountAsync(new RuleGroup(), cancellationToken: Cancel));
        Assert.Equal(0, await store.Engine.CountAsync(new RuleGroup { Not = true }, cancellationToken: Cancel));
    }

    [Fact]
    public async Task References_NestSegments_AndRefuseCycles()
    {
        await using var store = await StoreAsync();
        await using (var db = store.Database.NewContext())
        {
            db.Segments.AddRange(
                Saved("germans", Group("and", Rule("country", "=", "DE"))),
                Saved("a", Group("and", Rule("segment", "in", "b"))),
                Saved("b", Group("and", Rule("segment", "in", "a"))));
            await db.SaveChangesAsync(Cancel);
        }
        Assert.Equal(["anna", "bob"], await NamesAsync(store, Rule("segment", "in", "germans")));
        Assert.Equal(["carla", "dave", "eve"], await NamesAsync(store, Rule("segment", "notIn", "Germans")));

        var error = await Assert.ThrowsAsync<RuleTreeException>(() => store.Engine.CountAsync(Group("and", Rule("segment", "in", "a")), cancellationToken: Cancel));
        Assert.Equal("rules[0].value: Segment references form a cycle: a → b → a", Assert.Single(error.Errors).ToString());
        var own = await store.Engine.ValidateAsync(Group("and", Rule("segment", "in", "a")), ownKey: "b", Cancel);
        Assert.Equal("rules[0].value: Segment references form a cycle: b → a → b", Assert.Single(own).ToString());
    }

    [Fact]
    public async Task InvalidTrees_NameEveryBadNode()
    {
        await using var store = await StoreAsync();
        var tree = Group("and", Rule("contry", "=", "DE"), Group("or", Rule("age", ">", "old"), Rule("income", "contains", "1")),
            Windowed(Rule("country", "=", "DE"), 30));
        var errors = await store.Engine.ValidateAsync(tree, cancellationToken: Cancel);
        Assert.Equal(
        [
            "rules[0].field: unknown field \"contry\"",
            "rules[1].rules[0].value: expected a whole number",
            "rules[1].rules[1].operator: \"contains\" does not apply to Income (number); use one of: =, !=, <, <=, >, >=, between, notBetween, null, notNull",
            "rules[2].window: Country cannot take a time window",
        ], errors.Select(e => e.ToString()));

        var deep = new RuleGroup();
        var current = deep;
        for (var i = 0; i < 12; i++) current.Rules.Add(current = new RuleGroup());
        Assert.Contains("13 levels deep; at most 12 are allowed (Cdp:Limits:MaxRuleDepth)",
            Assert.Single(await store.Engine.ValidateAsync(deep, cancellationToken: Cancel)).Message);
        var wide = Group("or", Enumerable.Range(0, 500).Select(_ => (RuleNode)Rule("country", "=", "DE")).ToArray());
        Assert.Contains("501 nodes (groups and conditions); at most 500 are allowed (Cdp:Limits:MaxRuleNodes)",
            Assert.Single(await store.Engine.ValidateAsync(wide, cancellationToken: Cancel)).Message);
    }

    [Fact]
    public async Task Preview_CountsSharesAndBreakdowns()
    {
        await using var store = await StoreAsync();
        var preview = await store.Engine.PreviewAsync(Group("and", Rule("country", "in", new[] { "DE", "FR" })), new PreviewOptions(PerNode: true), Cancel);

        Assert.Equal((3, 5, 0.6), (preview.Count, preview.Total, preview.Share));
        Assert.Equal([("DE", 2), ("FR", 1)], preview.Breakdowns.Countries.Select(c => (c.Label, c.Count)));
        Assert.Equal(2, preview.Breakdowns.Gender.Single(g => g.Label == "Female").Count);
        Assert.Equal([0, 0, 2, 0, 0, 1, 0, 0], preview.Breakdowns.AgeBands.Select(a => a.Count));   // 30, 26 and 60
        Assert.Equal("Unknown", preview.Breakdowns.AgeBands[^1].Label);
        Assert.Equal(1, preview.Breakdowns.LifecycleStages.Single(s => s.Label == LifecycleStages.NeverPurchased).Count);
        Assert.Equal(3, preview.Breakdowns.RfmSegments.Sum(s => s.Count));
        Assert.Equal(400m, preview.Breakdowns.Revenue);
        Assert.Equal([("", 3), ("rules[0]", 3)], preview.Nodes!.Select(n => (n.Path, n.Count)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(200)]
    [InlineData(400)]
    public async Task Preview_LifecycleStages_MatchTheLifecycleField(int daysLater)
    {
        await using var store = await StoreAsync(FixedClock.Default.AddDays(daysLater));
        var preview = await store.Engine.PreviewAsync(new RuleGroup(), cancellationToken: Cancel);

        foreach (var stage in preview.Breakdowns.LifecycleStages)
            Assert.Equal(await store.Engine.CountAsync(Group("and", Rule("lifecycleStage", "=", stage.Label)), cancellationToken: Cancel), stage.Count);
        Assert.Equal(5, preview.Breakdowns.LifecycleStages.Sum(s => s.Count));
    }

    [Fact]
    public async Task Preview_RfmGrid_CountsEachRecencyAndFrequencyPair()
    {
        await using var store = await StoreAsync();
        var preview = await store.Engine.PreviewAsync(new RuleGroup(), cancellationToken: Cancel);

        var grid = preview.Breakdowns.RfmGrid;
        Assert.Equal(25, grid.Count);
        Assert.Equal(25, grid.Select(c => (c.Recency, c.Frequency)).Distinct().Count());
        Assert.Equal(2, grid.Sum(c => c.Count));   // anna and bob bought; the others have no scores
        foreach (var cell in grid)
        {
            var tree = Group("and", Rule("rfmRecency", "=", cell.Recency), Rule("rfmFrequency", "=", cell.Frequency));
            Assert.Equal(await store.Engine.CountAsync(tree, cancellationToken: Cancel), cell.Count);
        }
        foreach (var named in preview.Breakdowns.RfmSegments.Where(s => s.Label != "No purchases"))
            Assert.Equal(await store.Engine.CountAsync(Group("and", Rule("rfmSegment", "=", named.Label)), cancellationToken: Cancel), named.Count);
        Assert.Equal(3, preview.Breakdowns.RfmSegments.Single(s => s.Label == "No purchases").Count);
    }

    [Fact]
    public async Task Sample_GivesTheFirstCustomersById_WithNameAndSpend()
    {
        await using var store = await StoreAsync();
        using var counter = new Cdp.Core.Segments.Sets.SegmentSetCounter(store.Database.Factory, store.Engine);
        var sample = await counter.SampleAsync(Group("and", Rule("country", "in", new[] { "DE", "FR" })), 2, cancellationToken: Cancel);

        Assert.Equal([("anna A", "DE", 50m), ("bob B", "DE", 350m)], sample.Select(c => (c.Name, c.Country, c.TotalSpent)));
        Assert.True(sample[0].Id < sample[1].Id);
    }

    [Fact]
    public async Task Count_OwnKey_RefusesAReferenceBackToTheSegmentBeingEdited()
    {
        await using var store = await StoreAsync();
        await using (var db = store.Database.NewContext())
        {
            db.Segments.Add(Saved("germans", Group("and", Rule("country", "=", "DE"))));
            await db.SaveChangesAsync(Cancel);
        }
        var tree = Group("and", Rule("segment", "in", "germans"));

        Assert.Equal(2, await store.Engine.CountAsync(tree, cancellationToken: Cancel));
        await Assert.ThrowsAsync<RuleTreeException>(() => store.Engine.CountAsync(tree, ownKey: "germans", cancellationToken: Cancel));
        await Assert.ThrowsAsync<RuleTreeException>(() => store.Engine.PreviewAsync(tree, new PreviewOptions(OwnKey: "germans"), Cancel));
    }

    [Fact]
    public async Task Explain_GivesEachNodesVerdictWithTheCustomersValues()
    {
        await using var store = await StoreAsync();
        var bob = await IdOfAsync(store, "bob");
        var tree = Group("and", Rule("country", "=", "DE"), Rule("lastOrderAt", "inLastDays", 90), Rule("occupation", "=", "golf pro"));
        var explanation = await store.Engine.ExplainAsync(tree, bob, cancellationToken: Cancel);

        Assert.False(explanation!.Matched);
        Assert.Equal("Country is DE; customer has DE: matched", explanation.Root.Children[0].Text);
        Assert.Equal("Last order is in the last 90 days; customer has 2026-05-28 12:00 UTC: not matched", explanation.Root.Children[1].Text);
        Assert.EndsWith("; customer has no value: not matched", explanation.Root.Children[2].Text);
        Assert.Null(await store.Engine.ExplainAsync(tree, 999_999, cancellationToken: Cancel));
    }

    private static Rule Rule(string field, string op, object? value = null) => new Rule { Field = field, Operator = op }.With(value);

    private static Rule Windowed(Rule rule, int days)
    {
        rule.Window = new RuleWindow(days);
        return rule;
    }

    private static RuleGroup Group(string combinator, params RuleNode[] rules) => new() { Combinator = combinator, Rules = [.. rules] };

    private static Segment Saved(string key, RuleGroup rules) =>
        new() { Key = key, Name = key, Rules = RuleTreeJson.Serialize(rules), CreatedAt = Now, UpdatedAt = Now };

    private static async Task<List<string>> NamesAsync(TestStore store, RuleNode node)
    {
        var tree = node as RuleGroup ?? Group("and", node);
        await using var db = store.Database.NewContext();
        var query = await store.Engine.QueryAsync(db, tree, cancellationToken: Cancel);
        return query.Select(c => c.FirstName!).AsEnumerable().Order().ToList();
    }

    private static async Task<int> IdOfAsync(TestStore store, string firstName)
    {
        await using var db = store.Database.NewContext();
        return db.Customers.Single(c => c.FirstName == firstName).Id;
    }

    private sealed record TestStore(TestDatabase Database, SegmentEngine Engine) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    /// <summary>
    /// anna: DE Berlin, 30, golf+travel, orders a week ago (golf) and returned hiking; bob: DE berlin, born
    /// 29 Feb 2000, golf+hiking orders 180 days ago; carla: FR, 60, no orders, low-stock favourite;
    /// dave: US, no birth date, golf pro occupation; eve: no country, occupation with a literal "50%".
    /// </summary>
    private static async Task<TestStore> StoreAsync(DateTimeOffset? now = null)
    {
        var clock = new FixedClock(now ?? FixedClock.Default);
        var database = await TestDatabase.CreateAsync();
        var golf = ProductBuilder.Make("Golf", sku: "golf-1");
        var hiking = ProductBuilder.Make("Hiking", sku: "hike-1");
        var low = ProductBuilder.Make("Camping", stock: 2);
        await using (var db = database.NewContext())
        {
            db.CustomAttributeDefinitions.AddRange(
                new CustomAttributeDefinition { Name = "points", Type = FieldType.Number },
                new CustomAttributeDefinition { Name = "vip", Type = FieldType.Boolean },
                new CustomAttributeDefinition { Name = "memberSince", Type = FieldType.Date },
                new CustomAttributeDefinition { Name = "store", Type = FieldType.Text });
            var anna = new CustomerBuilder().Named("anna", "A").In("DE", "Berlin").WithGender(Gender.Female)
                .SignedUp(new DateTime(2025, 3, 1, 23, 30, 0, DateTimeKind.Utc))
                .With(c => { c.BirthDate = new DateOnly(1996, 1, 5); c.Interests = ["golf", "travel"]; c.Income = 60000;
                    c.Attributes = """{"points":750,"vip":true,"memberSince":"2021-03-01","store":"Kreuzberg"}"""; })
                .WithOrder(Now.AddDays(-7), (golf, 1, 100m)).WithOrder(Now.AddDays(-8), (hiking, -1, 50m)).Build();
            var bob = new CustomerBuilder().Named("bob", "B").In("DE", "berlin").WithGender(Gender.Male)
                .With(c => { c.BirthDate = new DateOnly(2000, 2, 29); c.Interests = ["golf", "hiking"];
                    c.Attributes = """{"points":120,"vip":false,"memberSince":"2019-06-30","store":"Mitte"}"""; })
                .WithOrder(Now.AddDays(-180), (golf, 1, 200m), (hiking, 1, 150m)).Build();
            var carla = new CustomerBuilder().Named("carla", "C").In("FR").WithGender(Gender.Female)
                .With(c => { c.BirthDate = new DateOnly(1966, 7, 1); c.Interests = ["camping"]; }).Build();
            var dave = new CustomerBuilder().Named("dave", "D").In("US").With(c => c.Occupation = "golf pro").Build();
            var eve = new CustomerBuilder().Named("eve", "E").With(c => { c.Country = null; c.Occupation = "sells 50% off"; }).Build();
            db.Customers.AddRange(anna, bob, carla, dave, eve);
            await db.SaveChangesAsync(Cancel);
            db.Favorites.Add(new Favorite { CustomerId = carla.Id, Product = low, AddedAt = Now });
            await db.SaveChangesAsync(Cancel);
            await CustomerMetrics.RecomputeAsync(db, null, Cancel);
            await ValueMetrics.RecomputeAsync(db, clock.UtcNow, Cancel);
        }
        return new TestStore(database, new SegmentEngine(database.Factory, clock));
    }
}
