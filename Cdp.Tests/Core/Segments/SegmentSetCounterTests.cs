using Cdp.Core.Data;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Sets;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Segments;

public class SegmentSetCounterTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task CountAsync_RandomTrees_EqualsTheEnginesCountsForTheTreeAndEveryNode(int seed)
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = await RandomStore.CreateAsync(database, seed, Now, 200, Cancel);
        var engine = new SegmentEngine(database.Factory, new FixedClock(new DateTimeOffset(Now)), new DataChanges());
        using var counter = new SegmentSetCounter(database.Factory, engine);
        var trees = new RandomTrees(new Random(seed), store, []);

        for (var i = 0; i < 60; i++)
        {
            var tree = trees.Next();
            var counts = await counter.CountAsync(tree, cancellationToken: Cancel);
            var expected = await engine.PreviewAsync(tree, new PreviewOptions(PerNode: true), Cancel);

            Assert.Equal(expected.Count, counts.Count);
            await using (var db = database.NewContext())
                Assert.Equal(await (await engine.QueryAsync(db, tree, cancellationToken: Cancel)).OrderBy(c => c.Id).Take(5).Select(c => c.Id).ToListAsync(Cancel),
                    (await counter.SampleAsync(tree, 5, cancellationToken: Cancel)).Select(c => c.Id));
            Assert.Equal(expected.Nodes, counts.Nodes);
            Assert.Equal(200, counts.Total);
        }
    }

    [Fact]
    public async Task CountAsync_AfterTheDataChanges_CountsAgain()
    {
        await using var database = await TestDatabase.CreateAsync();
        var changes = new DataChanges();
        var engine = new SegmentEngine(database.Factory, new FixedClock(new DateTimeOffset(Now)), changes);
        using var counter = new SegmentSetCounter(database.Factory, engine);
        await using (var db = database.NewContext())
        {
            db.Customers.AddRange(new CustomerBuilder().With(c => c.Country = "DE").Build(), new CustomerBuilder().With(c => c.Country = "FR").Build());
            await db.SaveChangesAsync(Cancel);
        }
        var germans = RuleTreeJson.Parse("""{"rules":[{"field":"country","operator":"=","value":"DE"}]}""");
        Assert.Equal(1, (await counter.CountAsync(germans, cancellationToken: Cancel)).Count);

        await using (var db = database.NewContext())
        {
            db.Customers.Add(new CustomerBuilder().With(c => c.Country = "DE").Build());
            await db.SaveChangesAsync(Cancel);
        }
        Assert.Equal(1, (await counter.CountAsync(germans, cancellationToken: Cancel)).Count); // not told yet: the kept set
        changes.Notify();

        var counts = await counter.CountAsync(germans, cancellationToken: Cancel);
        Assert.Equal((2, 3), (counts.Count, counts.Total));
    }

    [Fact]
    public async Task IsInSegment_AnswersFromTheSavedSegmentsRules()
    {
        await using var database = await TestDatabase.CreateAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock(new DateTimeOffset(Now)), new DataChanges());
        using var counter = new SegmentSetCounter(database.Factory, engine);
        var german = new CustomerBuilder().With(c => c.Country = "DE").Build();
        var french = new CustomerBuilder().With(c => c.Country = "FR").Build();
        await using (var db = database.NewContext())
        {
            db.Customers.AddRange(german, french);
            db.Segments.Add(new Cdp.Core.Segments.Saved.Segment
            {
                Key = "germans", Name = "Germans", Rules = """{"rules":[{"field":"country","operator":"=","value":"DE"}]}""",
                CreatedAt = Now, UpdatedAt = Now,
            });
            await db.SaveChangesAsync(Cancel);
        }

        Assert.True(await counter.IsInSegmentAsync("germans", german.Id, Cancel));
        Assert.False(await counter.IsInSegmentAsync("germans", french.Id, Cancel));
        await Assert.ThrowsAsync<RuleTreeException>(() => counter.IsInSegmentAsync("nobody", german.Id, Cancel));
        Assert.Equal(german.Id, await counter.RandomMemberAsync("germans", new Random(3), Cancel));
    }

    [Fact]
    public async Task CountAsync_InvalidTree_ReportsTheEnginesErrors()
    {
        await using var database = await TestDatabase.CreateAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock(new DateTimeOffset(Now)), new DataChanges());
        using var counter = new SegmentSetCounter(database.Factory, engine);

        var error = await Assert.ThrowsAsync<RuleTreeException>(() =>
            counter.CountAsync(RuleTreeJson.Parse("""{"rules":[{"field":"contry","operator":"=","value":"DE"}]}"""), cancellationToken: Cancel));
        Assert.StartsWith("rules[0].field", error.Errors[0].ToString());
    }

    [Fact]
    public void CustomerSet_ElementAt_WalksTheIdsInOrder()
    {
        var set = CustomerSet.Empty(300);
        foreach (var id in new[] { 3, 64, 65, 200 }) set.Add(id);

        Assert.Equal([3, 64, 65, 200, null], Enumerable.Range(0, 5).Select(set.ElementAt));
        Assert.Equal([3, 64], set.First(2));
    }
}
