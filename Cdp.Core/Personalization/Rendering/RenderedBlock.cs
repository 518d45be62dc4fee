namespace Cdp.Core.Personalization.Rendering;

/// <summary>
/// A homepage block whose templates have already been rendered for one customer. Texts are plain text (render the
/// block templates in <see cref="Templates.TemplateMode.Text"/>): <see cref="HomepageLayout"/> escapes every one
/// of them, so escaping happens in exactly one place. URLs that are not http(s), mailto or relative are dropped.
/// </summary>
public abstract record RenderedBlock;

/// <summary>A full-width picture with a headline, a sub-headline and a call to action.</summary>
public sealed record HeroBlock(string? ImageUrl, string? Headline, string? SubHeadline, string? CtaText, string? CtaUrl) : RenderedBlock;

/// <summary>A row of product cards under an optional title (recommendations, best-sellers, favourites).</summary>
public sealed record ProductRowBlock(string? Title, IReadOnlyList<ProductCard> Products) : RenderedBlock;

/// <summary>A strip with a message and an optional coupon code.</summary>
public sealed record BannerBlock(string? Text, string? CouponCode) : RenderedBlock;

/// <summary>One product on a card; <paramref name="Note"/> is a line under the price (why it is recommended, "Only 3 left").</summary>
public sealed record ProductCard(string Name, decimal Price, string? Url, string? ImageUrl, string? Note = null);
