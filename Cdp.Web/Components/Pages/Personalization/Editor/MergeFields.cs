namespace Cdp.Web.Components.Pages.Personalization.Editor;

/// <summary>Something the e-mail body editor inserts at the caret.</summary>
/// <param name="Label">What the menu shows.</param>
/// <param name="Snippet">The template text inserted (HTML for blocks).</param>
public sealed record Insertion(string Label, string Snippet);

/// <summary>
/// The merge fields and ready blocks the e-mail editor offers. The names are those of the personalisation model
/// (docs/personalization.md), so that what is inserted always renders.
/// </summary>
public static class MergeFields
{
    public static readonly IReadOnlyList<Insertion> Fields =
    [
        new("First name", "{{firstName}}"),
        new("First name, or \"there\"", "{{default firstName \"there\"}}"),
        new("Last name", "{{lastName}}"),
        new("E-mail address", "{{email}}"),
        new("City", "{{city}}"),
        new("Country", "{{countryName}}"),
        new("Days to birthday", "{{daysToBirthday}}"),
        new("Orders count", "{{ordersCount}}"),
        new("Total spent", "{{currency totalSpent}}"),
        new("Last order date", "{{date lastOrderAt}}"),
        new("Days since last order", "{{daysSinceLastOrder}}"),
        new("RFM segment", "{{rfmSegment}}"),
        new("Lifecycle stage", "{{lifecycleStage}}"),
        new("Store name", "{{store.name}}"),
    ];

    public static readonly IReadOnlyList<Insertion> Blocks =
    [
        new("Recommended products",
            "{{#if recommendations}}<h2>Picked for you</h2><ul>{{#each recommendations}}<li><a href=\"{{url}}\">{{name}}</a>: "
            + "{{currency price}} ({{reason}})</li>{{/each}}</ul>{{/if}}"),
        new("Favourites running low",
            "{{#each favorites}}{{#if lowStock}}<p><a href=\"{{url}}\">{{name}}</a> is almost gone: only {{stock}} left, "
            + "at {{currency price}}.</p>{{/if}}{{/each}}"),
        new("Birthday coupon",
            "{{#if (lt daysToBirthday 31)}}<p>Your birthday is coming, {{default firstName \"friend\"}}! Here is 20% off with the code "
            + "<strong>BIRTHDAY20</strong>.</p>{{/if}}"),
        new("Nearest store (location line)",
            "{{#if city}}<p>Your nearest store: {{city}}, {{countryName}}</p>{{/if}}"),
    ];
}
