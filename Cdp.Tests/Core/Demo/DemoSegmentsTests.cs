using Cdp.Core.Audit;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Saved;
using Cdp.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Tests.Core.Demo;

public class DemoSegmentsTests
{
    private const int Customers = 300;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(20261124)]   // the app's default seed
    [InlineData(7)]
    public async Task AddMissing_GeneratedStore_EachMatchesSomeoneButNotEveryone(int seed)
    {
        await using var database = await SeededAsync(seed);
        var (store, demo) = Services(database);

        var added = await demo.AddMissingAsync(Actor.System, Cancel);

        Assert.Equal(DemoSegments.Drafts().Select(d => d.Key), added.Select(s => s.Key));
        Assert.All(added, s => Assert.InRange(s.CachedCount!.Value, 1, Customers - 1));
        Assert.Equal(9, (await store.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task Drafts_EveryTree_CompilesWithDescriptions()
    {
        await using var database = await SeededAsync();
        var engine = new SegmentEngine(database.Factory, new FixedClock());
        foreach (var draft in DemoSegments.Drafts().Where(d => d.Key != "beginner-golfers-high-spenders"))
        {
            Assert.Empty(await engine.ValidateAsync(draft.Rules, draft.Key, Cancel));
            Assert.False(string.IsNullOrWhiteSpace(draft.Description));
        }
    }

    [Fact]
    public async Task AddMissing_SomeExist_AddsOnlyTheMissingOnes()
    {
        await using var database = await SeededAsync();
        var (store, demo) = Services(database);
        await demo.AddMissingAsync(Actor.System, Cancel);
        var highSpenders = (await store.ListAsync(Cancel)).Single(s => s.Key == "beginner-golfers-high-spenders");
        await store.DeleteAsync(highSpenders.Id, Actor.System, Cancel);

        var added = await demo.AddMissingAsync(Actor.System, Cancel);

        Assert.Equal(["beginner-golfers-high-spenders"], added.Select(s => s.Key));
        Assert.Empty(await demo.AddMissingAsync(Actor.System, Cancel));
        Assert.Equal(9, (await store.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task HighSpendersAmongBeginnerGolfers_IsASubsetOfBeginnerGolfers()
    {
        await using var database = await SeededAsync();
        var (_, demo) = Services(database);
        var added = await demo.AddMissingAsync(Actor.System, Cancel);

        var golfers = added.Single(s => s.Key == DemoSegments.BeginnerGolfersKey).CachedCount;
        var spenders = added.Single(s => s.Key == "beginner-golfers-high-spenders").CachedCount;

        Assert.True(spenders < golfers, $"{spenders} high spenders among {golfers} beginner golfers");
    }

    [Fact]
    public async Task Initialize_FreshDatabase_SeedsDemoSegments_AndLeavesAnExistingStoreAlone()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var imports = Path.Combine(Path.GetTempPath(), $"cdp-demo-imports-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Cdp"] = database.ConnectionString,
            ["Cdp:Demo:Customers"] = "200",
            ["Cdp:Import:Folder"] = imports,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCdpCore(configuration).BuildServiceProvider();
        try
        {
            var initializer = services.GetRequiredService<DatabaseInitializer>();
            var store = services.GetRequiredService<SegmentStore>();

            await initializer.InitializeAsync(Cancel);
            var seeded = await store.ListAsync(Cancel);
            Assert.Equal(9, seeded.Count);

            // Deleted by the marketer (users before what they use): a restart must not bring them back.
            var experiences = services.GetRequiredService<ExperienceStore>();
            foreach (var experience in await experiences.ListAsync(Cancel))
                await experiences.DeleteAsync(experience.Id, Actor.System, Cancel);
            foreach (var segment in seeded.OrderByDescending(s => s.Key == "beginner-golfers-high-spenders"))
                await store.DeleteAsync(segment.Id, Actor.System, Cancel);
            await initializer.InitializeAsync(Cancel);
            Assert.Empty(await store.ListAsync(Cancel));
        }
        finally
        {
            try { Directory.Delete(imports, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<TestDatabase> SeededAsync(int seed = 20261124)
    {
        var database = await TestDatabase.CreateAsync();
        var seeder = new DemoStoreSeeder(database.Factory, new FixedClock(), new DataChanges(), NullLogger<DemoStoreSeeder>.Instance);
        Assert.NotNull(await seeder.SeedAsync(Customers, seed, Cancel));
        return database;
    }

    private static (SegmentStore Store, DemoSegments Demo) Services(TestDatabase database)
    {
        var clock = new FixedClock();
        var store = new SegmentStore(database.Factory, new SegmentEngine(database.Factory, clock), clock, new AuditLog(database.Factory, clock));
        return (store, new DemoSegments(store));
    }
}
