using System.Globalization;
using Microsoft.Playwright;

namespace Cdp.Bench.Suites;

/// <summary>One kind of edit a marketer makes in the builder, done as a real user action in the browser.</summary>
/// <param name="Name">Reported name.</param>
/// <param name="Description">What the user does, for the report.</param>
/// <param name="DomEvent">The trusted DOM event that marks the action's moment: drop, click or change.</param>
/// <param name="ActAsync">Performs the action on the page; the probe is armed just before.</param>
internal sealed record BuilderEdit(string Name, string Description, string DomEvent, Func<IPage, Task> ActAsync);

/// <summary>
/// The builder suite's starting tree and its cycle of edits. A cycle leaves the tree as large as it found it (the
/// dropped field is deleted again), and the toggles, the combinator and the moved condition alternate, so cycles can
/// repeat and visit both states of each switch.
/// </summary>
internal static class BuilderEdits
{
    /// <summary>
    /// Realistic at a million customers: a country list, windowed order counts, an OR group of recency and a category
    /// bought, and a NOT group excluding SMS-first deal hunters. Ids let the edits find their nodes.
    /// </summary>
    public const string StartingTree = """
        {"combinator":"and","rules":[
          {"id":"country","field":"country","operator":"in","value":["DE","FR","ES","CH","AT"]},
          {"id":"orders","field":"ordersCount","operator":">=","value":2,"window":{"days":365}},
          {"id":"recent","combinator":"or","rules":[
            {"id":"last-order","field":"lastOrderAt","operator":"inLastDays","value":90},
            {"id":"category","field":"purchasedCategory","operator":"in","value":["Climbing","Water Sports"],"window":{"days":180}}]},
          {"id":"excluded","combinator":"and","not":true,"rules":[
            {"id":"channel","field":"preferredChannel","operator":"=","value":"sms"},
            {"id":"deals","field":"interests","operator":"containsAny","value":["deals"]}]}]}
        """;

    public static readonly IReadOnlyList<BuilderEdit> Cycle =
    [
        new("drop-field", "drag E-mail opt-in from the palette into the root group", "drop",
            page => DragAsync(page, page.Locator("[data-testid=palette-field][data-field=emailOptIn]"), Root(page).GetByTestId("drop-zone").Last)),
        new("toggle-not", "toggle NOT on the OR group (recency or category)", "click",
            page => Header(page, "recent").GetByTestId("not-toggle").ClickAsync()),
        new("switch-and-or", "switch the root group between AND and OR", "click", async page =>
        {
            var or = await Root(page).GetAttributeAsync("data-combinator") == "or";
            await Root(page).Locator(":scope > .rule-group__header").GetByTestId(or ? "combinator-and" : "combinator-or").ClickAsync();
        }),
        new("type-number", "type a new minimum order count (365-day window), then Tab", "change", async page =>
        {
            var input = page.Locator("[data-node-id=orders] [data-testid=value]");
            var current = int.Parse(await input.InputValueAsync(), CultureInfo.InvariantCulture);
            await input.FillAsync((current >= 5 ? 1 : current + 1).ToString(CultureInfo.InvariantCulture));
            await input.PressAsync("Tab");   // a number input reports its change when it loses focus
        }),
        new("move-condition", "drag the last-order condition into the other group (OR group <-> NOT group)", "drop", async page =>
        {
            var inOr = await page.Locator("[data-node-id=recent] [data-node-id=last-order]").CountAsync() > 0;
            // The nearer end of the other group: the NOT group's first place, or the OR group's last (they are neighbours).
            var zones = page.Locator($"[data-node-id={(inOr ? "excluded" : "recent")}]").GetByTestId("drop-zone");
            var target = inOr ? zones.First : zones.Last;
            await DragAsync(page, page.Locator("[data-node-id=last-order] [data-testid=drag-handle]"), target);
        }),
        new("delete-condition", "delete the dropped E-mail opt-in condition", "click",
            page => page.Locator("[data-testid=condition][data-field=emailOptIn]").Last.GetByTestId("delete-node").ClickAsync()),
    ];

    private static ILocator Root(IPage page) => page.Locator(".segment-builder [data-testid=group]").First;

    private static ILocator Header(IPage page, string groupId) => page.Locator($"[data-node-id={groupId}] > .rule-group__header");

    /// <summary>
    /// A real mouse drag (press, move in steps, release), as the builder's browser tests do. Both ends must be in view
    /// (the palette is sticky, so a field in it stays in view); when they are not, the mouse wheel brings their midpoint to the middle.
    /// </summary>
    private static async Task DragAsync(IPage page, ILocator source, ILocator target)
    {
        await target.ScrollIntoViewIfNeededAsync();
        await source.ScrollIntoViewIfNeededAsync();
        if (!InView(page, await BoxAsync(source)) || !InView(page, await BoxAsync(target)))
        {
            var (a, b) = (await BoxAsync(source), await BoxAsync(target));
            var middle = (a.Y + a.Height / 2 + b.Y + b.Height / 2) / 2;
            // The wheel scrolls whatever scrolls under the pointer, as a user would (the layout scrolls a panel, not the window).
            await page.Mouse.MoveAsync(a.X + a.Width / 2, page.ViewportSize!.Height / 2);
            await page.Mouse.WheelAsync(0, middle - page.ViewportSize.Height / 2);
            await page.WaitForTimeoutAsync(300);
        }
        var from = await BoxAsync(source);
        var to = await BoxAsync(target);
        if (!InView(page, from) || !InView(page, to))
            throw new InvalidOperationException($"{source} and {target} do not fit in the window together (at y = {from.Y:0} and {to.Y:0}); the drag cannot reach both.");
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + from.Width / 2 + 8, from.Y + from.Height / 2 + 8, new() { Steps = 2 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 10 });
        await page.Mouse.UpAsync();
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator element) =>
        await element.BoundingBoxAsync() ?? throw new InvalidOperationException($"{element} is not visible.");

    private static bool InView(IPage page, LocatorBoundingBoxResult box) =>
        box.Y + box.Height / 2 is var centre && centre >= 0 && centre <= page.ViewportSize!.Height;
}
