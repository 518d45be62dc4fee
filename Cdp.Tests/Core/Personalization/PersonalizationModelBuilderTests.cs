using Cdp.Core.Audit;
using Cdp.Core;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using Cdp.Core.Segments.Values;
using Cdp.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Cdp.Tests.Core.Personalization;

public class PersonalizationModelBuilderTests
{
    private static readonly DateTime Now = FixedClock.Default.UtcDateTime; // 2026-11-24 12:00 UTC

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuildAsync_SmallStore_ModelHasTheCustomersFacts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (jeff, _) = await SeedAsync(database);
        var (builder, recommendations, dispose) = await BuilderAsync(database);
        using var _ = dispose;

        var model = await builder.BuildAsync(jeff, Cancel);

        Assert.NotNull(model);
        Assert.Equal(("Jeff", "Miller", "Jeff Miller", "jeff.miller@example.com"), (model.FirstName, model.LastName, model.FullName, model.Email));
        Assert.Equal("Male", model.Gender);
        Assert.Equal(new DateOnly(1985, 12, 4), model.BirthDate);
        Assert.Equal(40, model.Age);
        Assert.Equal(10, model.DaysToBirthday);
        Assert.Equal(("Austin", "Texas", "US", "United States"), (model.City, model.Region, model.Country, model.CountryName));
        Assert.Equal("Austin Flagship", model.Attributes["preferredStore"]);
        Assert.Equal(3.5m, model.Attributes["HANDICAP"]);
        Assert.Equal(true, model.Attributes["newsletter"]);
        Assert.Equal(2, model.OrdersCount);
        Assert.Equal(350m, model.TotalSpent);
        Assert.Equal(Now.AddDays(-40), model.LastOrderAt);
        Assert.Equal(40, model.DaysSinceLastOrder);
        Assert.Equal(LifecycleStages.Active, model.LifecycleStage);
        Assert.Equal("Champions", model.RfmSegment);
        Assert.Equal(["us-customers"], model.Segments);
        Assert.Equal(new DateOnly(2026, 11, 24), model.Today);
        Assert.Equal(new StoreInfo("Summit & Fairway", "USD", "en-US"), model.Store);

        Assert.Collection(model.Favorites,
            f => Assert.Equal(("Range glove", 2, true, "https://store.example.com/p/glove"), (f.Name, f.Stock, f.LowStock, f.Url)),
            f => Assert.Equal(("Tour irons", 40, false, (string?)null), (f.Name, f.Stock, f.LowStock, f.Url))); // javascript: URL dropped
        var recommendation = Assert.Single(model.Recommendations);
        Assert.Equal("Next level after your beginner Golf gear", recommendation.Reason);
        Assert.Equal((jeff, PersonalizationModelBuilder.RecommendationCount), recommendations.Asked.Single());
    }

    [Fact]
    public async Task BuildAsync_CustomerWithNothingKnown_IsNullSafe()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (_, bare) = await SeedAsync(database);
        var (builder, _, dispose) = await BuilderAsync(database);
        using var _ = dispose;

        var model = await builder.BuildAsync(bare, Cancel);

        Assert.NotNull(model);
        Assert.Null(model.FirstName);
        Assert.Null(model.FullName);
        Assert.Null(model.Gender);
        Assert.Null(model.Age);
        Assert.Null(model.DaysToBirthday);
        Assert.Null(model.LastOrderAt);
        Assert.Null(model.DaysSinceLastOrder);
        Assert.Equal(LifecycleStages.NeverPurchased, model.LifecycleStage);
        Assert.Empty(model.Attributes);
        Assert.Empty(model.Favorites);
        Assert.Empty(model.Segments);

        using var renderer = new TemplateRenderer();
        Assert.Equal("Hi there, 0 orders, [], []",
            renderer.Render("Hi {{default firstName \"there\"}}, {{pluralize ordersCount \"order\"}}, [{{date lastOrderAt}}], [{{attributes.x}}]", TemplateMode.Text, model));
    }

    [Fact]
    public async Task BuildAsync_NoSuchCustomer_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (builder, _, dispose) = await BuilderAsync(database);
        using var _ = dispose;

        Assert.Null(await builder.BuildAsync(12345, Cancel));
    }

    [Fact]
    public async Task BuildAsync_AfterASegmentIsAdded_SeesItsMembership()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (jeff, _) = await SeedAsync(database);
        var (builder, _, dispose) = await BuilderAsync(database);
        using var _ = dispose;
        Assert.Equal(["us-customers"], (await builder.BuildAsync(jeff, Cancel))!.Segments);

        var clock = new FixedClock();
        await new SegmentStore(database.Factory, Engine, clock, new AuditLog(database.Factory, clock)).CreateAsync(
            new SegmentDraft("Men", null, new RuleGroup { Rules = [new Rule { Field = "gender", Operator = "=" }.With("Male")] }, "men"), Actor.System, Cancel);

        Assert.Equal(["men", "us-customers"], (await builder.BuildAsync(jeff, Cancel))!.Segments);
    }

    [Theory]
    [InlineData("1985-12-04", "2026-11-24", 10)]
    [InlineData("1985-11-24", "2026-11-24", 0)]
    [InlineData("1985-11-23", "2026-11-24", 364)]
    [InlineData("2000-02-29", "2027-02-27", 1)] // celebrated on 28 February in a common year
    [InlineData("2000-02-29", "2028-02-28", 1)] // and on the 29th in a leap year
    public void DaysToBirthday_NextBirthday(string birth, string today, int expected) =>
        Assert.Equal(expected, PersonalizationModelBuilder.DaysToBirthday(DateOnly.Parse(birth), DateOnly.Parse(today)));

    private SegmentEngine Engine { get; set; } = null!;

    private Task<(PersonalizationModelBuilder, FakeRecommendations, IDisposable)> BuilderAsync(TestDatabase database)
    {
        var clock = new FixedClock();
        var changes = new DataChanges();
        Engine = new SegmentEngine(database.Factory, clock, changes);
        var sets = new SegmentSetCounter(database.Factory, Engine);
        var recommendations = new FakeRecommendations();
        return Task.FromResult<(PersonalizationModelBuilder, FakeRecommendations, IDisposable)>((new PersonalizationModelBuilder(database.Factory, recommendations, sets, Engine, Options.Create(new CdpOptions { StoreName = "Summit & Fairway" }), clock),
            recommendations, sets));
    }

    /// <summary>Jeff: a man in Austin with two orders, two favourites and custom attributes; a bare customer; and a segment of US customers.</summary>
    private static async Task<(int Jeff, int Bare)> SeedAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var glove = ProductBuilder.Make(stock: 2);
        glove.Name = "Range glove";
        glove.ProductUrl = "https://store.example.com/p/glove";
        var irons = ProductBuilder.Make(stock: 40);
        irons.Name = "Tour irons";
        irons.ProductUrl = "javascript:alert(1)";
        var jeff = new CustomerBuilder().Named("Jeff", "Miller").WithEmail("jeff.miller@example.com").In("US", "Austin")
            .WithGender(Gender.Male)
            .With(c =>
            {
                c.Region = "Texas";
                c.BirthDate = new DateOnly(1985, 12, 4);
                c.Attributes = """{"preferredStore":"Austin Flagship","handicap":3.5,"newsletter":true}""";
                c.RfmSegment = "Champions";
            })
            .WithOrder(Now.AddDays(-100), (irons, 1, 300m))
            .WithOrder(Now.AddDays(-40), (glove, 2, 25m))
            .Build();
        var bare = new CustomerBuilder().Named("", "").WithEmail(null).In("DE").Build();
        bare.FirstName = null;
        bare.LastName = null;
        db.Customers.AddRange(jeff, bare);
        await db.SaveChangesAsync(Cancel);
        db.Favorites.Add(new Favorite { CustomerId = jeff.Id, ProductId = irons.Id, AddedAt = Now.AddDays(-50) });
        db.Favorites.Add(new Favorite { CustomerId = jeff.Id, ProductId = glove.Id, AddedAt = Now.AddDays(-5) });
        db.Segments.Add(new Segment
        {
            Key = "us-customers", Name = "US customers", CreatedAt = Now, UpdatedAt = Now,
            Rules = RuleTreeJson.Serialize(new RuleGroup { Rules = [new Rule { Field = "country", Operator = "=" }.With("US")] }),
        });
        await db.SaveChangesAsync(Cancel);
        await CustomerMetrics.RecomputeAsync(db, null, Cancel);
        return (jeff.Id, bare.Id);
    }

    private sealed class FakeRecommendations : IRecommendationSource
    {
        public List<(int CustomerId, int Take)> Asked { get; } = [];

        public Task<IReadOnlyList<RecommendationItem>> ForCustomerAsync(CdpDbContext db, int customerId, int take, CancellationToken cancellationToken)
        {
            Asked.Add((customerId, take));
            return Task.FromResult<IReadOnlyList<RecommendationItem>>(
                [new RecommendationItem("Summit irons", 499m, "https://store.example.com/p/irons", null, "Next level after your beginner Golf gear", "Golf")]);
        }
    }
}
