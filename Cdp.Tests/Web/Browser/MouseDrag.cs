using Microsoft.Playwright;

namespace Cdp.Tests.Web.Browser;

/// <summary>A real HTML5 drag with the mouse, as a person does it: press on the source, move in steps, release on the target.</summary>
public static class MouseDrag
{
    public static async Task DragAsync(IPage page, ILocator source, ILocator target)
    {
        await source.ScrollIntoViewIfNeededAsync();
        var from = (await source.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + from.Width / 2 + 8, from.Y + from.Height / 2 + 8, new() { Steps = 2 });
        var to = (await target.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 10 });
        await page.Mouse.UpAsync();
    }
}
