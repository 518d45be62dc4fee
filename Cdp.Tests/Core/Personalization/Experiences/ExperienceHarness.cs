using Cdp.Core.Audit;
using Cdp.Core.Data;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Personalization.Experiences;

/// <summary>
/// A small store with known answers: two Germans, one French, one Briton and two Americans; segments "germans"
/// (DE), "europeans" (DE, FR, GB) and "americans" (US); and the experience services over them.
/// </summary>
public sealed class ExperienceHarness : IAsyncDisposable
{
    private ExperienceHarness(TestDatabase database)
    {
        Database = database;
        var clock = Clock;
        Audit = new AuditLog(database.Factory, clock);
        Engine = new SegmentEngine(database.Factory, clock, new DataChanges());
        Sets = new SegmentSetCounter(database.Factory, Engine);
        Segments = new SegmentStore(database.Factory, Engine, clock, Audit);
        Store = new ExperienceStore(database.Factory, Templates, clock, Audit);
        Decider = new ExperienceDecider(Sets, Engine, Segments);
        Reach = new ExperienceReach(Sets);
    }

    public TestDatabase Database { get; }
    public FixedClock Clock { get; } = new();
    public AuditLog Audit { get; }
    public TemplateRenderer Templates { get; } = new();
    public SegmentEngine Engine { get; }
    public SegmentSetCounter Sets { get; }
    public SegmentStore Segments { get; }
    public ExperienceStore Store { get; }
    public ExperienceDecider Decider { get; }
    public ExperienceReach Reach { get; }

    /// <summary>
    /// Takes a segment out of the table behind the store's back (the store refuses while an experience targets it),
    /// as a database restored from an older backup or edited by hand would.
    /// </summary>
    public async Task RemoveSegmentRowAsync(string key)
    {
        await using var db = Database.NewContext();
        await db.Segments.Where(s => s.Key == key).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        Engine.SegmentsChanged();
    }

    /// <summary>Customer ids by country: DE twice, FR, GB, US twice.</summary>
    public Dictionary<string, int[]> Ids { get; } = [];

    public static async Task<ExperienceHarness> CreateAsync()
    {
        var harness = new ExperienceHarness(await TestDatabase.CreateAsync());
        await using (var db = harness.Database.NewContext())
        {
            var customers = new[] { "DE", "DE", "FR", "GB", "US", "US" }.Select(c => new CustomerBuilder().In(c).Build()).ToList();
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            foreach (var country in customers.GroupBy(c => c.Country!))
                harness.Ids[country.Key] = country.Select(c => c.Id).ToArray();
        }
        await harness.SegmentAsync("germans", """{"rules":[{"field":"country","operator":"=","value":"DE"}]}""");
        await harness.SegmentAsync("europeans", """{"rules":[{"field":"country","operator":"in","value":["DE","FR","GB"]}]}""");
        await harness.SegmentAsync("americans", """{"rules":[{"field":"country","operator":"=","value":"US"}]}""");
        return harness;
    }

    public Task<SegmentSummary> SegmentAsync(string key, string rules) =>
        Segments.CreateAsync(new SegmentDraft(key, null, RuleTreeJson.Parse(rules), key), Actor.System, TestContext.Current.CancellationToken);

    /// <summary>A homepage variant with one hero block.</summary>
    public static VariantDefinition Page(string name, string? segment, string headline = "Hello {{firstName}}") =>
        new(name, segment, Blocks: [new HomepageBlock(HomepageBlock.Hero, Headline: headline)]);

    /// <summary>An e-mail variant.</summary>
    public static VariantDefinition Mail(string name, string? segment, string html = "<p>Hi {{firstName}}</p>") =>
        new(name, segment, new EmailContent("Hi {{firstName}}", null, html));

    /// <summary>Germans, then Europeans, then everyone else.</summary>
    public static ExperienceDraft Homepage(int holdout = 0, string name = "Homepage") =>
        new(name, ExperienceKind.Homepage, ExperienceStatus.Live, holdout,
            [Page("Germans", "germans"), Page("Europeans", "europeans"), Page("Everyone", null)]);

    public async ValueTask DisposeAsync()
    {
        Sets.Dispose();
        Templates.Dispose();
        await Database.DisposeAsync();
    }
}
