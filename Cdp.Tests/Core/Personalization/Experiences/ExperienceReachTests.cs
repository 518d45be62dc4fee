using Cdp.Core.Audit;
using Cdp.Core.Personalization.Experiences;
using static Cdp.Tests.Core.Personalization.Experiences.ExperienceHarness;

namespace Cdp.Tests.Core.Personalization.Experiences;

public class ExperienceReachTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compute_OverlappingSegments_CountsUnderThePriorityOrder()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        var reach = await harness.Reach.ComputeAsync(experience, Cancel);

        Assert.Equal(
        [
            new VariantReach(0, "Germans", "germans", 2, 2, 0, 0),
            new VariantReach(1, "Europeans", "europeans", 4, 2, 2, 0),
            new VariantReach(2, "Everyone", null, null, 2, 0, 0),
        ], reach.Variants);
        Assert.Equal((6, 2, 0, 2), (reach.Total, reach.MatchingSeveral, reach.Holdout, reach.Default));
    }

    [Fact]
    public async Task Compute_VariantBehindABroaderOne_ReachesNobody()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage() with
        {
            Variants = [Page("Europeans", "europeans"), Page("Germans", "germans"), Page("Americans", "americans"), Page("Everyone", null)],
        }, Actor.System, Cancel);

        var reach = await harness.Reach.ComputeAsync(experience, Cancel);

        Assert.Equal([4, 0, 2, 0], reach.Variants.Select(v => v.Customers));
        Assert.Equal(2, reach.Variants[1].TakenByEarlier);
        Assert.Equal((2, 0), (reach.MatchingSeveral, reach.Default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(50)]
    [InlineData(100)]
    public async Task Compute_WithHoldout_AgreesWithEveryCustomersDecision(int holdout)
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(holdout), Actor.System, Cancel);
        var decisions = new List<Decision>();
        foreach (var id in harness.Ids.Values.SelectMany(ids => ids))
            decisions.Add(await harness.Decider.DecideAsync(experience, id, withReasons: false, Cancel));

        var reach = await harness.Reach.ComputeAsync(experience, Cancel);

        Assert.Equal(Enumerable.Range(0, 3).Select(i => decisions.Count(d => d.VariantIndex == i)), reach.Variants.Select(v => v.Customers));
        Assert.Equal(decisions.Count(d => d.Holdout), reach.Holdout);
        Assert.Equal(reach.Variants[^1].Customers, reach.Default);
        Assert.Equal(reach.Total, reach.Variants.Sum(v => v.Customers));
    }

    [Fact]
    public async Task Compute_SegmentGoneAfterSaving_ReportsTheProblemAndCountsNobody()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);
        await harness.RemoveSegmentRowAsync("germans");

        var reach = await harness.Reach.ComputeAsync(experience, Cancel);

        Assert.Equal(0, reach.Variants[0].Customers);
        Assert.NotNull(reach.Variants[0].Problem);
        Assert.Equal([0, 4, 2], reach.Variants.Select(v => v.Customers));
    }
}
