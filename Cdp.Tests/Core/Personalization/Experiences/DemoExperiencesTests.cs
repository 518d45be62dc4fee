using Cdp.Core.Audit;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using Cdp.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Tests.Core.Personalization.Experiences;

public class DemoExperiencesTests
{
    private const int Customers = 300;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddMissing_DemoStore_JeffSeesTheIntermediateClubsAndLapsedCustomersTheCoupon()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var seeder = new DemoStoreSeeder(database.Factory, clock, new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
        Assert.NotNull(await seeder.SeedAsync(Customers, 20261124, Cancel));
        var engine = new SegmentEngine(database.Factory, clock, new DataChanges());
        var segments = new SegmentStore(database.Factory, engine, clock, new AuditLog(database.Factory, clock));
        await new DemoSegments(segments).AddMissingAsync(Actor.System, Cancel);
        using var templates = new TemplateRenderer();
        var store = new ExperienceStore(database.Factory, templates, clock, new AuditLog(database.Factory, clock));
        using var sets = new SegmentSetCounter(database.Factory, engine);
        var decider = new ExperienceDecider(sets, engine, segments);
        var demo = new DemoExperiences(store);

        var added = await demo.AddMissingAsync(Actor.System, Cancel);

        Assert.Equal([DemoExperiences.HomepageKey, DemoExperiences.EmailKey], added.Select(e => e.Key));
        Assert.Empty(await demo.AddMissingAsync(Actor.System, Cancel));
        var homepage = added[0];
        var jeff = await decider.DecideAsync(homepage, 1, withReasons: true, Cancel);
        Assert.Equal(0, jeff.VariantIndex);
        Assert.Equal("Browse intermediate clubs", jeff.Variant.Blocks![0].CtaText);
        Assert.StartsWith("in segment Beginner golfers (beginner-golfers): ", jeff.Trace[0].Why);

        var decisions = new List<Decision>();
        for (var id = 1; id <= Customers; id++) decisions.Add(await decider.DecideAsync(homepage, id, withReasons: false, Cancel));
        Assert.Contains(decisions, d => d.VariantIndex == 1 && d.Variant.Blocks!.Any(b => b.CouponCode == "WELCOMEBACK15"));
        var reach = await new ExperienceReach(sets).ComputeAsync(homepage, Cancel);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => decisions.Count(d => d.VariantIndex == i)), reach.Variants.Select(v => v.Customers));
        Assert.All(reach.Variants, v => Assert.True(v.Customers > 0, $"{v.Name} reaches nobody"));

        var email = added[1];
        Assert.Equal(["birthday-next-30-days", "favourites-low-stock", null], email.Variants.Select(v => v.SegmentKey));
        Assert.Equal(10, email.HoldoutPercent);
    }
}
