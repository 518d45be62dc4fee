using Cdp.Core.Audit;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Tests.Core.Personalization.Experiences;

namespace Cdp.Tests.Core.Audit;

/// <summary>Two people editing the same segment or experience: the second save, from a stale version, is refused.</summary>
public class ConcurrencyTests
{
    private static readonly Actor Anna = new("anna@example.com");
    private static readonly Actor Ben = new("ben@example.com");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SegmentUpdate_RightVersion_SavesAndIncrementsIt()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var created = await harness.Segments.CreateAsync(new SegmentDraft("French", null, France()), Anna, Cancel);

        var updated = await harness.Segments.UpdateAsync(created.Id, new SegmentDraft("French people", null, France()), 1, Anna, Cancel);

        Assert.Equal((1, 2), (created.Version, updated!.Version));
        Assert.Equal(2, (await harness.Segments.GetAsync(created.Id, Cancel))!.Summary.Version);
    }

    [Fact]
    public async Task SegmentUpdate_StaleVersion_RefusedNamingWhoAndWhenAndNothingChanged()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var created = await harness.Segments.CreateAsync(new SegmentDraft("French", null, France()), Anna, Cancel);
        harness.Clock.Now = harness.Clock.Now.AddMinutes(5);
        await harness.Segments.UpdateAsync(created.Id, new SegmentDraft("Ben's French", null, France()), created.Version, Ben, Cancel);
        var entries = (await harness.Audit.QueryAsync(new AuditFilter(), Cancel)).Total;

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            harness.Segments.UpdateAsync(created.Id, new SegmentDraft("Anna's French", null, France()), created.Version, Anna, Cancel));

        Assert.Equal(("ben@example.com", harness.Clock.UtcNow, 2, 1), (conflict.ChangedBy, conflict.ChangedAt, conflict.CurrentVersion, conflict.ExpectedVersion));
        Assert.Contains("ben@example.com saved segment \"Ben's French\"", conflict.Message);
        var stored = (await harness.Segments.GetAsync(created.Id, Cancel))!.Summary;
        Assert.Equal(("Ben's French", 2), (stored.Name, stored.Version));
        Assert.Equal(entries, (await harness.Audit.QueryAsync(new AuditFilter(), Cancel)).Total);

        var overwritten = await harness.Segments.UpdateAsync(created.Id, new SegmentDraft("Anna's French", null, France()), conflict.CurrentVersion, Anna, Cancel);
        Assert.Equal(("Anna's French", 3), (overwritten!.Name, overwritten.Version));
    }

    [Fact]
    public async Task SegmentUpdate_NoVersion_LastWriteWins()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var created = await harness.Segments.CreateAsync(new SegmentDraft("French", null, France()), Anna, Cancel);
        await harness.Segments.UpdateAsync(created.Id, new SegmentDraft("Ben's French", null, France()), created.Version, Ben, Cancel);

        var updated = await harness.Segments.UpdateAsync(created.Id, new SegmentDraft("Anna's French", null, France()), null, Anna, Cancel);

        Assert.Equal(("Anna's French", 3), (updated!.Name, updated.Version));
    }

    [Fact]
    public async Task ExperienceUpdate_StaleVersion_RefusedAndNothingChanged()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var draft = new ExperienceDraft("Homepage", ExperienceKind.Homepage, ExperienceStatus.Draft, 0, [ExperienceHarness.Page("Everyone", null)]);
        var created = await harness.Store.CreateAsync(draft, Anna, Cancel);
        await harness.Store.UpdateAsync(created.Id, draft with { Name = "Ben's homepage" }, created.Version, Ben, Cancel);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            harness.Store.UpdateAsync(created.Id, draft with { Name = "Anna's homepage" }, created.Version, Anna, Cancel));

        Assert.Equal(("ben@example.com", 2, AuditEntityTypes.Experience), (conflict.ChangedBy, conflict.CurrentVersion, conflict.EntityType));
        var stored = await harness.Store.GetAsync(created.Id, Cancel);
        Assert.Equal(("Ben's homepage", 2), (stored!.Name, stored.Version));
        var right = await harness.Store.UpdateAsync(created.Id, draft with { Name = "Anna's homepage" }, 2, Anna, Cancel);
        Assert.Equal(("Anna's homepage", 3), (right!.Name, right.Version));
    }

    private static RuleGroup France() => RuleTreeJson.Parse("""{"rules":[{"field":"country","operator":"=","value":"FR"}]}""");
}
