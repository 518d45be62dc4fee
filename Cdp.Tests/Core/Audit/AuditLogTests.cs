using System.Text.Json;
using Cdp.Core.Audit;
using Cdp.Core.Import;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Tests.Core.Personalization.Experiences;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Audit;

public class AuditLogTests
{
    private static readonly Actor Anna = new("anna@example.com");
    private static readonly Actor Ben = new("ben@example.com");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SegmentStore_EveryChange_RecordedWithActorBeforeAndAfter()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var segments = harness.Segments;

        var created = await segments.CreateAsync(new SegmentDraft("French", "In France", Country("FR")), Anna, Cancel);
        await segments.UpdateAsync(created.Id, new SegmentDraft("French people", null, Country("FR")), created.Version, Ben, Cancel);
        var copy = await segments.DuplicateAsync(created.Id, Anna, Cancel);
        await segments.DeleteAsync(copy!.Id, Ben, Cancel);
        var imported = await segments.ImportJsonAsync("""{"name": "Britons", "rules": {"rules": [{"field": "country", "operator": "=", "value": "GB"}]}}""", Anna, Cancel);

        var entries = (await harness.Audit.QueryAsync(new AuditFilter(EntityType: AuditEntityTypes.Segment, Actor: "@example.com"), Cancel)).Entries.Reverse().ToList();
        Assert.Equal(["created anna@example.com French", "updated ben@example.com French people", "created anna@example.com French people (copy)",
            "deleted ben@example.com French people (copy)", "imported anna@example.com Britons"],
            entries.Select(e => $"{e.Action} {e.Actor} {e.EntityName}"));
        Assert.Null(entries[0].Before);
        Assert.Equal("In France", Json(entries[0].After).GetProperty("description").GetString());
        Assert.Equal("In France", Json(entries[1].Before).GetProperty("description").GetString());
        Assert.False(Json(entries[1].After).TryGetProperty("description", out _), "a removed description is left out");
        Assert.Equal("FR", Json(entries[1].After).GetProperty("rules").GetProperty("rules")[0].GetProperty("value").GetString());
        Assert.Equal(copy.Id.ToString(), entries[3].EntityId);
        Assert.Null(entries[3].After);
        Assert.Equal("French people (copy)", Json(entries[3].Before).GetProperty("name").GetString());
        Assert.Equal(imported.Id.ToString(), entries[4].EntityId);
    }

    [Fact]
    public async Task SegmentStore_InvalidChange_RecordsNothing()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var before = (await harness.Audit.QueryAsync(new AuditFilter(), Cancel)).Total;
        var germans = (await harness.Segments.ListAsync(Cancel)).Single(s => s.Key == "germans");

        await Assert.ThrowsAsync<RuleTreeException>(() => harness.Segments.CreateAsync(new SegmentDraft("", null, Country("FR")), Anna, Cancel));
        await Assert.ThrowsAsync<RuleTreeException>(() =>
            harness.Segments.UpdateAsync(germans.Id, new SegmentDraft(new string('x', 101), null, Country("DE")), germans.Version, Anna, Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await harness.Segments.CreateAsync(new SegmentDraft("Inner", null, Country("DE"), "inner"), Anna, Cancel);
            var inner = (await harness.Segments.ListAsync(Cancel)).Single(s => s.Key == "inner");
            await harness.Segments.CreateAsync(new SegmentDraft("Outer", null, RuleTreeJson.Parse(
                """{"rules":[{"field":"segment","operator":"in","value":"inner"}]}""")), Anna, Cancel);
            await harness.Segments.DeleteAsync(inner.Id, Anna, Cancel);
        });

        var page = await harness.Audit.QueryAsync(new AuditFilter(), Cancel);
        Assert.Equal(before + 2, page.Total);
        Assert.Equal(["Outer", "Inner"], page.Entries.Take(2).Select(e => e.EntityName));
        Assert.Equal(germans with { }, (await harness.Segments.ListAsync(Cancel)).Single(s => s.Key == "germans"));
    }

    [Fact]
    public async Task ExperienceStore_EveryChange_RecordedWithTheDraftBeforeAndAfter()
    {
        await using var harness = await ExperienceHarness.CreateAsync();
        var draft = new ExperienceDraft("Homepage", ExperienceKind.Homepage, ExperienceStatus.Draft, 0,
            [ExperienceHarness.Page("Germans", "germans"), ExperienceHarness.Page("Everyone", null)]);

        var created = await harness.Store.CreateAsync(draft, Anna, Cancel);
        await harness.Store.UpdateAsync(created.Id, draft with { Status = ExperienceStatus.Live }, created.Version, Ben, Cancel);
        var copy = await harness.Store.DuplicateAsync(created.Id, Anna, Cancel);
        await harness.Store.DeleteAsync(copy!.Id, Ben, Cancel);
        await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(draft with { Variants = [] }, Anna, Cancel));

        var entries = (await harness.Audit.QueryAsync(new AuditFilter(EntityType: AuditEntityTypes.Experience), Cancel)).Entries.Reverse().ToList();
        Assert.Equal(["created anna@example.com Homepage", "updated ben@example.com Homepage", "created anna@example.com Homepage (copy)",
            "deleted ben@example.com Homepage (copy)"], entries.Select(e => $"{e.Action} {e.Actor} {e.EntityName}"));
        Assert.Equal("Draft", Json(entries[1].Before).GetProperty("status").GetString());
        Assert.Equal("Live", Json(entries[1].After).GetProperty("status").GetString());
        Assert.Equal("germans", Json(entries[1].After).GetProperty("variants")[0].GetProperty("segmentKey").GetString());
        Assert.Equal(created.Id.ToString(), entries[1].EntityId);
        Assert.Null(entries[3].After);
    }

    [Fact]
    public async Task ImportService_Run_RecordsWhoStartedItAndTheOutcomeWithoutCustomerData()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var result = await harness.ImportAsync("email,first_name\nzoe@example.com,Zoe\nbad,Bad\n", ImportKind.Customers, cancellationToken: Cancel);

        var audit = new AuditLog(harness.Database.Factory, harness.Clock);
        var entries = (await audit.QueryAsync(new AuditFilter(EntityType: AuditEntityTypes.Import), Cancel)).Entries.Reverse().ToList();
        Assert.Equal([AuditActions.Started, AuditActions.Completed], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(result.ImportId.ToString(), e.EntityId));
        Assert.All(entries, e => Assert.Equal(Actor.System.Name, e.Actor));
        Assert.Equal("Customers", Json(entries[0].After).GetProperty("kind").GetString());
        var outcome = Json(entries[1].After);
        Assert.Equal((2, 1, 1), (outcome.GetProperty("rows").GetInt32(), outcome.GetProperty("inserted").GetInt32(), outcome.GetProperty("rejected").GetInt32()));
        Assert.DoesNotContain("zoe@example.com", entries[0].After + entries[1].After, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ImportService_RunCutOffByAStop_MarkedFailedAndRecordedBySystem()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using (var db = harness.Database.NewContext())
        {
            db.Imports.Add(new Cdp.Core.Import.History.ImportRun { Kind = ImportKind.Orders, FileName = "orders.csv", Status = ImportStatus.Running });
            await db.SaveChangesAsync(Cancel);
        }

        Assert.Equal(1, await harness.Service.MarkInterruptedAsync(Cancel));

        var entry = Assert.Single((await new AuditLog(harness.Database.Factory, harness.Clock).QueryAsync(new AuditFilter(), Cancel)).Entries);
        Assert.Equal((AuditActions.Failed, "system", "orders.csv"), (entry.Action, entry.Actor, entry.EntityName));
        Assert.StartsWith("Interrupted", Json(entry.After).GetProperty("message").GetString());
        Assert.Equal(ImportStatus.Failed, (await harness.Service.HistoryAsync(cancellationToken: Cancel)).Single().Status);
    }

    [Fact]
    public async Task RecordAsync_WithContext_IsSavedOnlyWithTheCallersChanges()
    {
        await using var database = await TestDatabase.CreateAsync();
        var audit = new AuditLog(database.Factory, new FixedClock());

        await using (var discarded = database.NewContext())
            await audit.RecordAsync(discarded, new AuditRecord(Anna, AuditActions.Created, AuditEntityTypes.Segment, "1", "Never saved"), Cancel);
        await using (var saved = database.NewContext())
        {
            await audit.RecordAsync(saved, new AuditRecord(Anna, AuditActions.Created, AuditEntityTypes.Segment, "2", "Saved"), Cancel);
            await saved.SaveChangesAsync(Cancel);
        }

        Assert.Equal(["Saved"], (await audit.QueryAsync(new AuditFilter(), Cancel)).Entries.Select(e => e.EntityName));
    }

    [Fact]
    public async Task QueryAsync_Filters_ByTypeActorActionDatesAndName()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var audit = new AuditLog(database.Factory, clock);
        await Add(audit, clock, 0, Anna, AuditActions.Created, AuditEntityTypes.Segment, "High spenders");
        await Add(audit, clock, 1, Ben, AuditActions.Updated, AuditEntityTypes.Segment, "High spenders");
        await Add(audit, clock, 2, Ben, AuditActions.Deleted, AuditEntityTypes.Experience, "Spring homepage");
        await Add(audit, clock, 3, new Actor("api key crm_sync"), AuditActions.Created, AuditEntityTypes.Experience, "100% off");

        async Task<string[]> Names(AuditFilter filter) =>
            (await audit.QueryAsync(filter, Cancel)).Entries.Select(e => $"{e.Action} {e.EntityName}").ToArray();

        Assert.Equal(["deleted Spring homepage", "updated High spenders"], await Names(new AuditFilter(Actor: "BEN@")));
        Assert.Equal(["created 100% off", "deleted Spring homepage"], await Names(new AuditFilter(EntityType: "experience")));
        Assert.Equal(["created 100% off", "created High spenders"], await Names(new AuditFilter(Action: "created")));
        Assert.Equal(["deleted Spring homepage", "updated High spenders"],
            await Names(new AuditFilter(From: FixedClock.Default.UtcDateTime.AddDays(1), To: FixedClock.Default.UtcDateTime.AddDays(3))));
        Assert.Equal(["updated High spenders", "created High spenders"], await Names(new AuditFilter(Text: "spender")));
        Assert.Equal(["created 100% off"], await Names(new AuditFilter(Text: "%")));
        Assert.Equal(["created 100% off"], await Names(new AuditFilter(Actor: "crm_")));
        Assert.Empty(await Names(new AuditFilter(Actor: "'; DROP TABLE AuditEntries; --")));
    }

    [Fact]
    public async Task QueryAsync_Paging_NewestFirstWithTheTotal()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FixedClock();
        var audit = new AuditLog(database.Factory, clock);
        for (var day = 0; day < 7; day++) await Add(audit, clock, day, Anna, AuditActions.Updated, AuditEntityTypes.Segment, $"Day {day}");

        var first = await audit.QueryAsync(new AuditFilter(Take: 3), Cancel);
        var last = await audit.QueryAsync(new AuditFilter(Skip: 6, Take: 3), Cancel);

        Assert.Equal(7, first.Total);
        Assert.Equal(["Day 6", "Day 5", "Day 4"], first.Entries.Select(e => e.EntityName));
        Assert.Equal((7, "Day 0"), (last.Total, Assert.Single(last.Entries).EntityName));
    }

    private static async Task Add(AuditLog audit, FixedClock clock, int day, Actor actor, string action, string type, string name)
    {
        clock.Now = FixedClock.Default.AddDays(day);
        await audit.RecordAsync(new AuditRecord(actor, action, type, day.ToString(), name), Cancel);
    }

    private static RuleGroup Country(string code) =>
        RuleTreeJson.Parse($$"""{"rules":[{"field":"country","operator":"=","value":"{{code}}"}]}""");

    private static JsonElement Json(string? json) => JsonDocument.Parse(json!).RootElement;
}
