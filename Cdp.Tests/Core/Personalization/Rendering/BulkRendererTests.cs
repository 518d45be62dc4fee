using Cdp.Core.Audit;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Personalization.Rendering;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using Cdp.Tests.TestSupport;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cdp.Tests.Core.Personalization.Rendering;

/// <summary>Bulk renders of the demo newsletter over a small demo store, compared with rendering customer by customer.</summary>
public sealed class BulkRendererTests : IAsyncLifetime
{
    private const int Customers = 300;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase _database = null!;
    private SegmentSetCounter _sets = null!;
    private TemplateRenderer _templates = null!;
    private ExperienceStore _store = null!;
    private ExperienceDecider _decider = null!;
    private PersonalizationModelBuilder _models = null!;
    private PersonalizationRenderer _renderer = null!;
    private ExperienceDetails _newsletter = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var seeder = new DemoStoreSeeder(_database.Factory, clock, new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
        Assert.NotNull(await seeder.SeedAsync(Customers, 20261124, Cancel));
        var engine = new SegmentEngine(_database.Factory, clock, new DataChanges());
        var segments = new SegmentStore(_database.Factory, engine, clock, new AuditLog(_database.Factory, clock));
        await new DemoSegments(segments).AddMissingAsync(Actor.System, Cancel);
        _sets = new SegmentSetCounter(_database.Factory, engine);
        _templates = new TemplateRenderer();
        _store = new ExperienceStore(_database.Factory, _templates, clock, new AuditLog(_database.Factory, clock));
        _decider = new ExperienceDecider(_sets, engine, segments);
        var recommendations = new RecommendationService(_database.Factory);
        _models = new PersonalizationModelBuilder(_database.Factory, recommendations, _sets, engine, Options.Create(new CdpOptions()), clock);
        _renderer = new PersonalizationRenderer(_store, _decider, _models, _templates, recommendations);
        await new DemoExperiences(_store).AddMissingAsync(Actor.System, Cancel);
        _newsletter = (await _store.GetAsync(DemoExperiences.EmailKey, Cancel))!;
    }

    public async ValueTask DisposeAsync()
    {
        _sets.Dispose();
        _templates.Dispose();
        await _database.DisposeAsync();
    }

    private BulkRenderer Bulk(int batchSize = 64) =>
        new(_database.Factory, _store, _decider, _models, _renderer, _sets) { BatchSize = batchSize };

    private async Task<(int Written, string Text)> RenderAsync(string? segment, BulkRenderFormat format, int batchSize = 64,
        IProgress<BulkRenderProgress>? progress = null, CancellationToken? cancellationToken = null)
    {
        var bulk = Bulk(batchSize);
        var plan = await bulk.PlanAsync(DemoExperiences.EmailKey, segment, Cancel);
        using var stream = new MemoryStream();
        var written = await bulk.WriteAsync(plan!, format, stream, progress, cancellationToken ?? Cancel);
        return (written, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task Write_Everyone_EachLineEqualsTheOneByOneRender()
    {
        var (written, text) = await RenderAsync(null, BulkRenderFormat.JsonLines);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Customers, written);
        Assert.Equal(Customers, lines.Length);
        var ids = new List<int>();
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var row = json.RootElement;
            var id = row.GetProperty("customerId").GetInt32();
            ids.Add(id);
            var one = (await _renderer.RenderAsync(_newsletter, id, withReasons: false, Cancel))!;
            Assert.Equal(one.Variant, row.GetProperty("variant").GetString());
            Assert.Equal(one.Decision.Holdout, row.GetProperty("holdout").GetBoolean());
            Assert.Equal(one.Subject, row.GetProperty("subject").GetString());
            Assert.Equal(one.Preheader, row.GetProperty("preheader").GetString());
            Assert.Equal(one.Html, row.GetProperty("html").GetString());
            Assert.Equal(one.Text, row.GetProperty("text").GetString());
        }
        Assert.Equal(Enumerable.Range(1, Customers), ids);
        // The store gives every variant customers, so the comparison covered each of them and the holdout.
        Assert.Equal(3, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("variant").GetString()).Distinct().Count());
        Assert.Contains(lines, l => l.Contains("\"holdout\":true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildMany_DemoStore_ModelsEqualOneByOne()
    {
        var ids = Enumerable.Range(0, Customers + 5).Reverse().ToList(); // 0 and past the end: no such customers
        await using var db = _database.NewContext();

        var many = await _models.BuildManyAsync(db, ids, Cancel);

        Assert.Equal(Enumerable.Range(1, Customers).Reverse(), many.Select(m => m.Id));
        foreach (var model in many)
        {
            var one = await _models.BuildAsync(db, model.Id, Cancel);
            Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(model));
        }
        Assert.Contains(many, m => m.Recommendations.Count > 0 && m.Favorites.Count > 0 && m.Segments.Count > 0);
    }

    [Fact]
    public async Task Decider_EveryCustomer_SameAsDecidingOneByOne()
    {
        var decide = await _decider.DeciderAsync(_newsletter, Cancel);
        for (var id = 1; id <= Customers; id++)
        {
            var one = await _decider.DecideAsync(_newsletter, id, withReasons: false, Cancel);
            var fast = decide(id);
            Assert.Equal((one.VariantIndex, one.Holdout), (fast.VariantIndex, fast.Holdout));
            Assert.Equal(one.Trace, fast.Trace);
        }
    }

    [Fact]
    public async Task Write_Segment_OnlyItsMembersInIdOrder()
    {
        var members = new List<int>();
        for (var id = 1; id <= Customers; id++)
            if (await _sets.IsInSegmentAsync(DemoSegments.BeginnerGolfersKey, id, Cancel)) members.Add(id);

        var (written, text) = await RenderAsync(DemoSegments.BeginnerGolfersKey, BulkRenderFormat.JsonLines, batchSize: 7);

        Assert.NotEmpty(members);
        Assert.Equal(members.Count, written);
        Assert.Equal(members, text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("customerId").GetInt32()));
    }

    [Fact]
    public async Task Write_Csv_HeaderThenOneRecordPerCustomerFormulasEscaped()
    {
        await using (var db = _database.NewContext())
            await db.Customers.Where(c => c.Id == 2).ExecuteUpdateAsync(s => s.SetProperty(c => c.FirstName, "=HYPERLINK(\"http://x\")"), Cancel);

        var (_, text) = await RenderAsync(null, BulkRenderFormat.Csv);

        Assert.StartsWith("\uFEFFcustomerId,email,variant,holdout,subject,preheader,html,text", text);
        using var reader = CsvReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(text)), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        Assert.Equal(["customerId", "email", "variant", "holdout", "subject", "preheader", "html", "text"], reader.Headers);
        var rows = new List<(int Id, string Email, string Subject, string Html, string Text)>();
        while (reader.Read())
            rows.Add((int.Parse(reader.GetString(0)!, CultureInfo.InvariantCulture), reader.GetString(1)!, reader.GetString(4)!,
                reader.GetString(6)!, reader.GetString(7)!));
        Assert.Equal(Enumerable.Range(1, Customers), rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Contains("@", r.Email));
        Assert.All(rows, r => Assert.Contains("<h1>", r.Html));
        Assert.All(rows, r => Assert.DoesNotContain("<h1>", r.Text));
        Assert.StartsWith("'=HYPERLINK", rows[1].Subject);
    }

    [Fact]
    public async Task Write_Cancelled_StopsEarly()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var reports = new List<BulkRenderProgress>();
        var progress = new SynchronousProgress(p =>
        {
            reports.Add(p);
            cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RenderAsync(null, BulkRenderFormat.JsonLines, batchSize: 50, progress, cancel.Token));

        Assert.Equal([new BulkRenderProgress(50, Customers)], reports);
    }

    [Fact]
    public async Task Write_Progress_AfterEachBatchUpToTheTotal()
    {
        var reports = new List<BulkRenderProgress>();

        await RenderAsync(null, BulkRenderFormat.Csv, batchSize: 128, new SynchronousProgress(reports.Add));

        Assert.Equal([new(128, Customers), new(256, Customers), new(Customers, Customers)], reports);
    }

    [Fact]
    public async Task Plan_HomepageOrUnknownSegment_Refused()
    {
        var bulk = Bulk();

        Assert.Null(await bulk.PlanAsync("no-such-experience", null, Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => bulk.PlanAsync(DemoExperiences.HomepageKey, null, Cancel));
        await Assert.ThrowsAsync<RuleTreeException>(() => bulk.PlanAsync(DemoExperiences.EmailKey, "no-such-segment", Cancel));
        Assert.Equal(Customers, (await bulk.PlanAsync(DemoExperiences.EmailKey, " ", Cancel))!.Total);
    }

    /// <summary>Reports on the writer's thread (Progress&lt;T&gt; posts to the thread pool, too late for a test to see).</summary>
    private sealed class SynchronousProgress(Action<BulkRenderProgress> report) : IProgress<BulkRenderProgress>
    {
        public void Report(BulkRenderProgress value) => report(value);
    }
}
