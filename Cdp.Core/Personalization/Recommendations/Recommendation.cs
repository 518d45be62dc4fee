namespace Cdp.Core.Personalization.Recommendations;

/// <summary>A product recommended to a customer, with the reason it was chosen in plain language.</summary>
/// <param name="Url">The product page (the product's URL as imported), if known.</param>
/// <param name="Reason">
/// Why it was chosen, e.g. "Bought together with Fairway Starter Golf Club Set", "Next level after your beginner
/// Golf gear", "Best-seller in Golf", "Best-seller".
/// </param>
public sealed record Recommendation(int ProductId, string Sku, string Name, string? Category, string? Level,
    decimal Price, string? Url, string? ImageUrl, string Reason);
