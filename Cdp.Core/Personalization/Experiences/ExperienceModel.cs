using System.Text.Json.Serialization;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>What an experience personalises: an e-mail (subject, preheader, HTML) or the store's homepage (blocks).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExperienceKind>))]
public enum ExperienceKind { Email, Homepage }

/// <summary>A draft is edited and previewed; a live experience is what the API and exports serve.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExperienceStatus>))]
public enum ExperienceStatus { Draft, Live }

/// <summary>An e-mail variant's content; every text is a template (subject and preheader plain text, the body HTML).</summary>
public sealed record EmailContent(string Subject, string? Preheader, string Html);

/// <summary>
/// One block of a homepage variant. Text fields are templates rendered in HTML mode (values escaped).
/// </summary>
/// <param name="Type"><c>hero</c>, <c>products</c> or <c>banner</c>.</param>
/// <param name="Headline">The hero's headline, or the title above a product row.</param>
/// <param name="Source">Products: <c>recommendations</c>, <c>bestsellers</c> or <c>favorites</c>.</param>
/// <param name="Category">Products from <c>bestsellers</c>: the category; null for the whole store.</param>
/// <param name="Count">Products: how many to show (1 to 12).</param>
/// <param name="Text">Banner: its message.</param>
/// <param name="CouponCode">Banner: a coupon code shown prominently.</param>
public sealed record HomepageBlock(string Type,
    string? ImageUrl = null, string? Headline = null, string? SubHeadline = null, string? CtaText = null, string? CtaUrl = null,
    string? Source = null, string? Category = null, int Count = 4,
    string? Text = null, string? CouponCode = null)
{
    public const string Hero = "hero";
    public const string Products = "products";
    public const string Banner = "banner";

    public const string FromRecommendations = "recommendations";
    public const string FromBestSellers = "bestsellers";
    public const string FromFavorites = "favorites";
}

/// <summary>One variant of an experience: what the customers of one segment see.</summary>
/// <param name="SegmentKey">The saved segment it targets; null for the default variant, which everyone else gets.</param>
/// <param name="Email">The content of an e-mail experience's variant.</param>
/// <param name="Blocks">The blocks of a homepage experience's variant, top to bottom.</param>
public sealed record VariantDefinition(string Name, string? SegmentKey,
    EmailContent? Email = null, IReadOnlyList<HomepageBlock>? Blocks = null)
{
    [JsonIgnore]
    public bool IsDefault => SegmentKey is null;
}

/// <summary>What a marketer writes when creating or editing an experience.</summary>
/// <param name="Variants">In priority order: the first whose segment contains a customer wins; exactly one default, last.</param>
/// <param name="HoldoutPercent">0 to 100: the share of customers kept as a control group that always gets the default.</param>
/// <param name="Key">Optional on create (made from the name); ignored on update, keys never change.</param>
public sealed record ExperienceDraft(string Name, ExperienceKind Kind, ExperienceStatus Status, int HoldoutPercent,
    IReadOnlyList<VariantDefinition> Variants, string? Key = null);

/// <summary>A saved experience.</summary>
/// <param name="Version">Starts at 1 and grows with every update, so compiled templates can be cached per version.</param>
public sealed record ExperienceDetails(int Id, string Key, string Name, ExperienceKind Kind, ExperienceStatus Status,
    int HoldoutPercent, IReadOnlyList<VariantDefinition> Variants, int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The variant everyone outside the targeted segments (and the holdout) gets: always the last.</summary>
    [JsonIgnore]
    public VariantDefinition Default => Variants[^1];
}
