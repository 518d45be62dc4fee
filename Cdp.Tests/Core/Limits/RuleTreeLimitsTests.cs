using Cdp.Core.Data;
using Cdp.Core.Limits;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Limits;

/// <summary>Rule-tree size and depth come from <c>Cdp:Limits</c> and are checked wherever a tree is compiled.</summary>
public class RuleTreeLimitsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly LimitSettings Small = new() { MaxRuleNodes = 5, MaxRuleDepth = 3 };

    [Fact]
    public async Task Validate_TooManyNodes_NamesTheCountAndTheKey()
    {
        await using var database = await TestDatabase.CreateAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock(), new DataChanges(), Small);

        var errors = await engine.ValidateAsync(Flat(5), cancellationToken: Cancel);   // the root and five conditions

        var error = Assert.Single(errors);
        Assert.Equal("", error.Path);
        Assert.Equal("the tree has 6 nodes (groups and conditions); at most 5 are allowed (Cdp:Limits:MaxRuleNodes)", error.Message);
        Assert.Empty(await engine.ValidateAsync(Flat(4), cancellationToken: Cancel));
    }

    [Fact]
    public async Task Validate_TooDeep_NamesTheDepthAndTheKey()
    {
        await using var database = await TestDatabase.CreateAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock(), new DataChanges(), Small);

        var errors = await engine.ValidateAsync(Nested(4), cancellationToken: Cancel);

        Assert.Equal("the tree is 4 levels deep; at most 3 are allowed (Cdp:Limits:MaxRuleDepth)", Assert.Single(errors).Message);
        Assert.Empty(await engine.ValidateAsync(Nested(3), cancellationToken: Cancel));
    }

    [Fact]
    public async Task Preview_TreeOverTheLimit_RefusedBeforeAnyQuery()
    {
        await using var database = await TestDatabase.CreateAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock(), new DataChanges(), Small);

        var e = await Assert.ThrowsAsync<RuleTreeException>(() => engine.PreviewAsync(Flat(9), cancellationToken: Cancel));

        Assert.Contains("Cdp:Limits:MaxRuleNodes", e.Message);
    }

    [Fact]
    public async Task Validate_DefaultLimits_AllowFiveHundredNodesAndTwelveLevels()
    {
        await using var database = await TestDatabase.CreateAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock(), new DataChanges());

        Assert.Empty(await engine.ValidateAsync(Flat(499), cancellationToken: Cancel));
        Assert.Empty(await engine.ValidateAsync(Nested(12), cancellationToken: Cancel));
        Assert.Contains("(Cdp:Limits:MaxRuleNodes)", Assert.Single(await engine.ValidateAsync(Flat(500), cancellationToken: Cancel)).Message);
        Assert.Contains("(Cdp:Limits:MaxRuleDepth)", Assert.Single(await engine.ValidateAsync(Nested(13), cancellationToken: Cancel)).Message);
    }

    private static RuleGroup Flat(int conditions) =>
        new() { Rules = [.. Enumerable.Range(0, conditions).Select(_ => (RuleNode)Condition())] };

    /// <summary>A tree <paramref name="levels"/> deep: groups inside groups, a condition at the bottom.</summary>
    private static RuleGroup Nested(int levels)
    {
        RuleNode node = Condition();
        for (var level = 2; level < levels; level++) node = new RuleGroup { Rules = [node] };
        return new RuleGroup { Rules = [node] };
    }

    private static Rule Condition() => RuleTreeJson.Parse("""{"rules":[{"field":"country","operator":"=","value":"DE"}]}""").Rules[0] as Rule
        ?? throw new InvalidOperationException();
}
