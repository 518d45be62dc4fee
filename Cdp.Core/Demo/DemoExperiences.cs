using Cdp.Core.Personalization.Experiences;

namespace Cdp.Core.Demo;

/// <summary>
/// Two live experiences on the demo segments (<see cref="DemoSegments"/>): the store's homepage (beginner golfers are
/// led to intermediate clubs, lapsed customers get a win-back coupon, big spenders the premium collection, everyone
/// else a golf course and the clubs) and an e-mail (birthday coupon, favourites running low, the newsletter).
/// </summary>
public sealed class DemoExperiences(ExperienceStore store)
{
    public const string HomepageKey = "homepage";
    public const string EmailKey = "newsletter";

    private const string Shop = "https://store.example.com";
    private const string Images = Shop + "/images";

    /// <remarks>
    /// The homepage has no holdout, so the demo shows every customer their variant (Jeff Miller, a beginner golfer,
    /// sees the intermediate clubs); the e-mail keeps 10% as a control group.
    /// </remarks>
    public static IReadOnlyList<ExperienceDraft> Drafts() =>
    [
        new("Homepage", ExperienceKind.Homepage, ExperienceStatus.Live, 0,
        [
            new("Beginner golfers: step up to intermediate clubs", DemoSegments.BeginnerGolfersKey, Blocks:
            [
                new(HomepageBlock.Hero, ImageUrl: $"{Images}/hero-group-on-the-course.jpg",
                    Headline: "Ready for your next round, {{default firstName \"golfer\"}}?",
                    SubHeadline: "You have the basics. Intermediate clubs give you more distance and control: the step up most golfers make in their second season.",
                    CtaText: "Browse intermediate clubs", CtaUrl: $"{Shop}/golf/clubs?level=intermediate"),
                new(HomepageBlock.Products, Headline: "Picked for your game", Source: HomepageBlock.FromRecommendations, Count: 4),
            ]),
            new("Lapsed 90 days: win-back coupon", "not-purchased-90-days", Blocks:
            [
                new(HomepageBlock.Hero, ImageUrl: $"{Images}/hero-trail-at-sunrise.jpg",
                    Headline: "We've missed you, {{default firstName \"friend\"}}",
                    SubHeadline: "A lot is new since your last visit. Here is something to welcome you back.",
                    CtaText: "See what's new", CtaUrl: $"{Shop}/new?coupon=WELCOMEBACK15"),
                new(HomepageBlock.Banner, Text: "15% off your next order, this month only. Use the code at checkout.", CouponCode: "WELCOMEBACK15"),
                new(HomepageBlock.Products, Headline: "Our best-sellers right now", Source: HomepageBlock.FromBestSellers, Count: 4),
            ]),
            new("High spenders: the premium collection", "high-average-order-value", Blocks:
            [
                new(HomepageBlock.Hero, ImageUrl: $"{Images}/hero-premium-collection.jpg",
                    Headline: "The premium collection",
                    SubHeadline: "Tour-level clubs, expedition tents and our finest technical layers, chosen for customers who buy the best.",
                    CtaText: "Explore the premium collection", CtaUrl: $"{Shop}/premium"),
                new(HomepageBlock.Products, Headline: "Recommended for you, {{default firstName \"\"}}", Source: HomepageBlock.FromRecommendations, Count: 4),
            ]),
            new("Everyone: the golf course", null, Blocks:
            [
                new(HomepageBlock.Hero, ImageUrl: $"{Images}/hero-golf-course.jpg",
                    Headline: "Your best round starts here",
                    SubHeadline: "Clubs, balls and bags for every level, from your first lesson to the club championship.",
                    CtaText: "Browse golf clubs", CtaUrl: $"{Shop}/golf/clubs"),
                new(HomepageBlock.Products, Headline: "Best-sellers in golf", Source: HomepageBlock.FromBestSellers, Category: "Golf", Count: 4),
            ]),
        ], HomepageKey),
        new("Monthly newsletter", ExperienceKind.Email, ExperienceStatus.Live, 10,
        [
            new("Birthday coupon", "birthday-next-30-days", new EmailContent(
                "Happy birthday, {{default firstName \"friend\"}}! A gift from {{store.name}}",
                "20% off anything you like, all month long",
                """
                <h1>Happy birthday, {{default firstName "friend"}}!</h1>
                <p>{{#if daysToBirthday}}Your birthday is only {{daysToBirthday}} days away, so we are celebrating early.{{else}}It's your birthday today: enjoy it!{{/if}}</p>
                <p>Here is <strong>20% off</strong> your next order with the code <strong>BIRTHDAY20</strong>, valid for 30 days.</p>
                {{#if recommendations}}
                <h2>A few ideas for your wish list</h2>
                <ul>
                {{#each recommendations}}  <li><a href="{{url}}">{{name}}</a>: {{currency price}}</li>
                {{/each}}</ul>
                {{/if}}
                <p><a href="https://store.example.com/?coupon=BIRTHDAY20">Treat yourself</a></p>
                """)),
            new("Favourites running low", "favourites-low-stock", new EmailContent(
                "{{default firstName \"Hi\"}}, your favourites are almost gone",
                "Only a few left of something on your wish list",
                """
                <h1>Almost gone, {{default firstName "friend"}}</h1>
                <p>Something you saved is running low. Once it's gone, it may not come back this season.</p>
                <ul>
                {{#each favorites}}{{#if lowStock}}  <li><a href="{{url}}">{{name}}</a>: {{currency price}}, only {{stock}} left</li>
                {{/if}}{{/each}}</ul>
                <p><a href="https://store.example.com/favorites">See your favourites</a></p>
                """)),
            new("Newsletter", null, new EmailContent(
                "{{default firstName \"Friend\"}}, new gear for the season at {{store.name}}",
                "Fresh picks for you, and what other golfers and hikers are buying",
                """
                <h1>Hello {{default firstName "there"}},</h1>
                <p>The season is here. This month we have new clubs, lighter tents and trail shoes for every distance.</p>
                {{#if recommendations}}
                <h2>Picked for you</h2>
                <ul>
                {{#each recommendations}}  <li><a href="{{url}}">{{name}}</a>: {{currency price}} ({{reason}})</li>
                {{/each}}</ul>
                {{/if}}
                <p><a href="https://store.example.com/new">See everything new</a></p>
                """)),
        ], EmailKey),
    ];

    /// <summary>Adds the demo experiences whose key is not taken yet.</summary>
    /// <param name="actor">Who asked: <see cref="Audit.Actor.System"/> when the demo store is seeded.</param>
    /// <returns>The experiences added (none when all exist).</returns>
    /// <exception cref="ExperienceValidationException">A demo segment they target is missing.</exception>
    public async Task<IReadOnlyList<ExperienceDetails>> AddMissingAsync(Audit.Actor actor, CancellationToken cancellationToken = default)
    {
        var taken = (await store.ListAsync(cancellationToken)).Select(e => e.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var added = new List<ExperienceDetails>();
        foreach (var draft in Drafts().Where(d => !taken.Contains(d.Key!)))
            added.Add(await store.CreateAsync(draft, actor, cancellationToken));
        return added;
    }
}
