using Cdp.Core;
using Cdp.Core.Audit;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Saved;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Cdp.Bench.Suites;

/// <summary>
/// A scratch copy of the segments suite's store made ready for personalisation as a fresh demo store is: migrated,
/// recommendation tables computed, the demo segments and experiences added. The cached file is never changed.
/// </summary>
internal static class PersonalizationStore
{
    public static async Task<ScratchDatabase> PrepareCopyAsync(string name, string folder, int customers, CancellationToken cancellationToken)
    {
        var seed = new DemoOptions().Seed;
        var source = CachedStore(folder, customers, seed)
                     ?? (await SegmentsData.PrepareAsync(folder, customers, seed, (_, _) => Task.CompletedTask, cancellationToken)).Path;
        var scratch = new ScratchDatabase(name);
        File.Copy(source, scratch.Path);

        var clock = new SegmentsData.FixedClock(SegmentsData.AsOfUtc);
        var factory = new PooledDbContextFactory<CdpDbContext>(SegmentsData.Options(scratch.Path));
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.MigrateAsync(cancellationToken);
            await RecommendationTables.RecomputeAsync(db, cancellationToken);
        }
        var audit = new AuditLog(factory, clock);
        var segments = new SegmentStore(factory, new SegmentEngine(factory, clock, new DataChanges()), clock, audit);
        using var templates = new TemplateRenderer();
        await new DemoSegments(segments).AddMissingAsync(Actor.System, cancellationToken);
        await new DemoExperiences(new ExperienceStore(factory, templates, clock, audit)).AddMissingAsync(Actor.System, cancellationToken);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return scratch;
    }

    /// <summary>
    /// The segments suite's cached store of this size, whatever schema it was made with (the copy is migrated): the newest.
    /// Generating a new one takes many minutes, and only new tables separate it from the current schema.
    /// </summary>
    public static string? CachedStore(string folder, int customers, int seed) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, $"cdp-bench-segments-{customers}-{seed}-{SegmentsData.AsOfUtc:yyyyMMdd}-*.db")
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
}
