using Cdp.Core.Audit;
using Cdp.Core.Limits;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Segments;

public class SegmentStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Recount_AfterNewCustomers_StoresTheFreshCountAndTimeButNotAnEdit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var store = new SegmentStore(database.Factory, new SegmentEngine(database.Factory, clock), clock, new AuditLog(database.Factory, clock));
        await AddGermansAsync(database, 2);
        var created = await store.CreateAsync(new SegmentDraft("Germans", null, Germans()), Actor.System, Cancel);
        await AddGermansAsync(database, 3);
        clock.Now = clock.Now.AddHours(2);

        var recounted = await store.RecountAsync(created.Id, Cancel);

        Assert.Equal(2, created.CachedCount);
        Assert.Equal(5, recounted!.CachedCount);
        Assert.Equal(clock.UtcNow, recounted.CountedAt);
        Assert.Equal(created.UpdatedAt, recounted.UpdatedAt);
        Assert.Equal(5, (await store.ListAsync(Cancel)).Single().CachedCount);
        Assert.Null(await store.RecountAsync(created.Id + 1, Cancel));
    }

    [Fact]
    public async Task CreateAndRecount_CountingOverTheTimeLimit_SavedUncounted_RecountSaysWhy()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        // A millisecond, against a tree that reads every e-mail twenty times over 200,000 customers (tenths of a second):
        // however late a busy machine's timer fires, the count is still running.
        var engine = new SegmentEngine(database.Factory, clock, limits: new LimitSettings { PreviewSeconds = 0.001 });
        var store = new SegmentStore(database.Factory, engine, clock, new AuditLog(database.Factory, clock));
        await using (var db = database.NewContext())
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
                INSERT INTO Customers (Email, Country, Gender, Interests, EmailOptIn, SignedUpAt, OrdersCount, TotalSpent, AverageOrderValue, UpdatedAt)
                SELECT 'c' || i || '@example.com', 'DE', 'Unknown', '[]', 0, '2024-01-01 00:00:00', 0, 0, 0, '2024-01-01 00:00:00' FROM n
                """, Cancel);
        var slow = new RuleGroup
        {
            Combinator = Combinators.Or,
            Rules = [.. Enumerable.Range(0, 20).Select(i => new Rule { Field = "email", Operator = Operators.Contains }.With($"zz{i}"))],
        };

        var created = await store.CreateAsync(new SegmentDraft("Slow", null, slow), Actor.System, Cancel);
        var recount = await Assert.ThrowsAsync<PreviewTimeoutException>(() => store.RecountAsync(created.Id, Cancel));

        Assert.Null(created.CachedCount);
        Assert.Null(created.CountedAt);
        Assert.Equal("Slow", Assert.Single(await store.ListAsync(Cancel)).Name);
        Assert.StartsWith("The count was stopped after", recount.Message);
    }

    [Fact]
    public async Task Names_TakenWhateverTheCase_NewOnesNumberedCopiesMarked_ARenameOntoAnotherRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var store = new SegmentStore(database.Factory, new SegmentEngine(database.Factory, clock), clock, new AuditLog(database.Factory, clock));
        var germans = await store.CreateAsync(new SegmentDraft("Germans", null, Germans()), Actor.System, Cancel);
        var other = await store.CreateAsync(new SegmentDraft("Others", null, Germans()), Actor.System, Cancel);

        var created = await store.CreateAsync(new SegmentDraft(" germans ", null, Germans()), Actor.System, Cancel);
        var imported = await store.ImportJsonAsync(
            """{"name": "Germans", "rules": {"combinator": "and", "rules": [{"field": "country", "operator": "=", "value": "DE"}]}}""", Actor.System, Cancel);
        var copy = await store.DuplicateAsync(germans.Id, Actor.System, Cancel);
        var secondCopy = await store.DuplicateAsync(germans.Id, Actor.System, Cancel);
        var renamed = await Assert.ThrowsAsync<RuleTreeException>(() => store.UpdateAsync(other.Id, new SegmentDraft("GERMANS", null, Germans()), null, Actor.System, Cancel));
        var kept = await store.UpdateAsync(germans.Id, new SegmentDraft("Germans", "edited", Germans()), null, Actor.System, Cancel);

        Assert.Equal(("germans (2)", "Germans (3)"), (created.Name, imported.Name));
        Assert.Equal(("Germans (copy)", "Germans (copy 2)"), (copy!.Name, secondCopy!.Name));
        Assert.Equal(("name", "another segment is already called \"Germans\"; choose a name of its own"),
            (renamed.Errors.Single().Path, renamed.Errors.Single().Message));
        Assert.Equal("Others", (await store.GetAsync(other.Id, Cancel))!.Summary.Name);
        Assert.Equal("edited", kept!.Description);
    }

    [Fact]
    public void ParseDraft_ExportedDocument_ReadsNameDescriptionKeyAndRules()
    {
        var draft = SegmentJson.ParseDraft("""
            {"id": 4, "key": "germans", "name": "Germans", "description": "In Germany", "cachedCount": 12,
             "rules": {"combinator": "and", "rules": [{"field": "country", "operator": "=", "value": "DE"}]}}
            """);

        Assert.Equal(("Germans", "In Germany", "germans"), (draft.Name, draft.Description, draft.Key));
        Assert.Equal("country", Assert.IsType<Rule>(Assert.Single(draft.Rules.Rules)).Field);
    }

    [Fact]
    public void ParseDraft_BrokenJson_NamesLineAndColumn()
    {
        var error = Assert.Throws<RuleTreeException>(() => SegmentJson.ParseDraft("{\n  \"name\": \"x\",\n  \"rules\": {rules: []}\n}"));

        Assert.StartsWith("not valid JSON (line 3, column 13):", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void ParseDraft_BadTreeOrNoRules_NamesThePath()
    {
        var bad = Assert.Throws<RuleTreeException>(() => SegmentJson.ParseDraft("""{"name": "x", "rules": {"rules": [{"field": "age"}]}}"""));
        var missing = Assert.Throws<RuleTreeException>(() => SegmentJson.ParseDraft("""{"name": "x"}"""));
        var array = Assert.Throws<RuleTreeException>(() => SegmentJson.ParseDraft("[]"));

        Assert.Equal("rules[0].operator", Assert.Single(bad.Errors).Path);
        Assert.Equal("rules", Assert.Single(missing.Errors).Path);
        Assert.Contains("expected a segment", array.Message);
    }

    private static RuleGroup Germans() => new() { Rules = [new Rule { Field = "country", Operator = "=" }.With("DE")] };

    private static async Task AddGermansAsync(TestDatabase database, int count)
    {
        await using var db = database.NewContext();
        for (var i = 0; i < count; i++) db.Customers.Add(new CustomerBuilder().In("DE").Build());
        await db.SaveChangesAsync(Cancel);
    }
}
