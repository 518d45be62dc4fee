using Cdp.Core.Audit;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using static Cdp.Tests.Core.Personalization.Experiences.ExperienceHarness;

namespace Cdp.Tests.Core.Personalization.Experiences;

public class ExperienceDeciderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Decide_CustomerInSeveralSegments_FirstInPriorityOrderWinsAndTraceStopsThere()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        var german = await harness.Decider.DecideAsync(experience, harness.Ids["DE"][0], withReasons: false, Cancel);

        Assert.Equal(("Germans", 0, false), (german.Variant.Name, german.VariantIndex, german.Holdout));
        Assert.Equal([new DecisionStep("Germans", "germans", true, "in segment germans")], german.Trace);
    }

    [Fact]
    public async Task Decide_SecondSegment_TraceShowsTheMissThenTheMatch()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        var french = await harness.Decider.DecideAsync(experience, harness.Ids["FR"][0], withReasons: false, Cancel);

        Assert.Equal(("Europeans", 1), (french.Variant.Name, french.VariantIndex));
        Assert.Equal(
        [
            new DecisionStep("Germans", "germans", false, "not in segment germans"),
            new DecisionStep("Europeans", "europeans", true, "in segment europeans"),
        ], french.Trace);
    }

    [Fact]
    public async Task Decide_InNoSegment_GetsTheDefaultAfterCheckingEveryVariant()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        var american = await harness.Decider.DecideAsync(experience, harness.Ids["US"][0], withReasons: false, Cancel);

        Assert.Equal(("Everyone", 2, false), (american.Variant.Name, american.VariantIndex, american.Holdout));
        Assert.Equal([false, false, true], american.Trace.Select(s => s.Matched));
        Assert.Equal("default: in none of the segments above", american.Trace[2].Why);
        Assert.Null(american.Trace[2].SegmentKey);
    }

    [Fact]
    public async Task Decide_WithReasons_WhyQuotesTheSegmentsConditionsAndTheCustomersValue()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        var french = await harness.Decider.DecideAsync(experience, harness.Ids["FR"][0], withReasons: true, Cancel);

        Assert.StartsWith("not in segment germans (germans): ", french.Trace[0].Why);
        Assert.Contains("FR", french.Trace[0].Why);
        Assert.EndsWith("not matched", french.Trace[0].Why);
        Assert.StartsWith("in segment europeans (europeans): ", french.Trace[1].Why);
        Assert.EndsWith(": matched", french.Trace[1].Why);
        Assert.Equal(1, french.VariantIndex);
    }

    [Fact]
    public async Task Decide_SegmentGoneAfterSaving_VariantSkippedWithTheReason()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);
        await harness.RemoveSegmentRowAsync("germans");

        var german = await harness.Decider.DecideAsync(experience, harness.Ids["DE"][0], withReasons: false, Cancel);

        Assert.Equal("Europeans", german.Variant.Name);
        Assert.Contains("segment germans cannot be evaluated", german.Trace[0].Why);
    }

    [Fact]
    public async Task Decide_FullHoldout_EveryoneGetsTheDefaultMarkedAsHoldout()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(holdout: 100), Actor.System, Cancel);

        var german = await harness.Decider.DecideAsync(experience, harness.Ids["DE"][0], withReasons: true, Cancel);

        Assert.Equal(("Everyone", 2, true), (german.Variant.Name, german.VariantIndex, german.Holdout));
        Assert.StartsWith("in the holdout: 100% of customers", Assert.Single(german.Trace).Why);
    }

    [Fact]
    public async Task Decide_PartialHoldout_SameAnswerFromAnotherDeciderAndOnlyHeldOutCustomersLoseTheirVariant()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(holdout: 50), Actor.System, Cancel);
        using var otherSets = new SegmentSetCounter(harness.Database.Factory, harness.Engine);
        var other = new ExperienceDecider(otherSets, harness.Engine, harness.Segments);

        foreach (var id in harness.Ids.Values.SelectMany(ids => ids))
        {
            var decision = await harness.Decider.DecideAsync(experience, id, withReasons: false, Cancel);
            var again = await other.DecideAsync(experience, id, withReasons: false, Cancel);

            Assert.Equal((decision.VariantIndex, decision.Holdout), (again.VariantIndex, again.Holdout));
            Assert.Equal(Holdout.IsHeldOut(experience.Key, 50, id), decision.Holdout);
            if (decision.Holdout) Assert.Equal(2, decision.VariantIndex);
        }
    }
}
