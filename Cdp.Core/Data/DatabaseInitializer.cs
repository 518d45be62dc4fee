using Cdp.Core.Demo;
using Cdp.Core.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdp.Core.Data;

/// <summary>
/// Brings the database to the current schema at start-up and seeds the demo store, with its demo segments and
/// experiences, into an empty one.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<CdpDbContext> dbFactory, DemoStoreSeeder seeder, DemoSegments demoSegments, DemoExperiences demoExperiences, ImportService imports, ImportFiles importFiles,
    IOptions<CdpOptions> options, TimeProvider clock, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // WAL lets readers (dashboards, previews) run while an import writes; the mode is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                await command.ExecuteScalarAsync(cancellationToken);
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
            // A database older than the recommendation tables gets them filled once.
            await Personalization.Recommendations.RecommendationTables.EnsureComputedAsync(db, cancellationToken);
        }

        var interrupted = await imports.MarkInterruptedAsync(cancellationToken);
        if (interrupted > 0) logger.LogWarning("{Count} import(s) were interrupted when the app stopped; marked as failed", interrupted);
        importFiles.DeleteUploadsOlderThan(TimeSpan.FromHours(options.Value.Import.KeepUploadsHours), clock.GetUtcNow().UtcDateTime);

        var demo = options.Value.Demo;
        // Only right after a fresh seed: a marketer who deleted the demo segments does not get them back at the
        // next start (the Segments page offers them again when there are none).
        if (await seeder.SeedAsync(demo.Customers, demo.Seed, cancellationToken) is not null)
        {
            // The examples are a convenience: a demo tree the data cannot support must not stop the app.
            try
            {
                var added = await demoSegments.AddMissingAsync(Audit.Actor.System, cancellationToken);
                logger.LogInformation("Demo segments added: {Count}", added.Count);
            }
            catch (Segments.Rules.RuleTreeException e)
            {
                logger.LogWarning(e, "Demo segments not added");
            }
            try
            {
                var added = await demoExperiences.AddMissingAsync(Audit.Actor.System, cancellationToken);
                logger.LogInformation("Demo experiences added: {Count}", added.Count);
            }
            catch (Personalization.Experiences.ExperienceValidationException e)
            {
                logger.LogWarning(e, "Demo experiences not added");
            }
        }
    }
}
