using System.Text.Json;
using Microsoft.Playwright;

namespace Cdp.Bench.Suites;

/// <summary>
/// Times one edit in the page itself, on the browser's clock: from the user's action (the trusted DOM event it
/// causes) to the moment the preview's headline shows the count of the tree that edit produced. The builder root
/// carries the tree's revision in <c>data-revision</c>, the headline the revision its number belongs to; the edit is
/// on screen when the two are equal again and the revision has moved on.
/// </summary>
internal static class BuilderProbe
{
    /// <summary>Installed before any page script runs (and again on every navigation).</summary>
    public const string Script = """
        (() => {
          const probe = window.__cdpBench = { armed: false, firstCount: null };
          const builder = () => document.querySelector('.segment-builder');
          const headline = () => document.querySelector('[data-testid=preview-count]');
          const panel = () => document.querySelector('[data-testid=preview]');
          // Capture phase on the document: the action's moment, before Blazor or anything else handles the event.
          for (const type of ['drop', 'click', 'change']) {
            document.addEventListener(type, () => {
              if (probe.armed && probe.event === type && probe.start === null) probe.start = performance.now();
            }, true);
          }
          probe.arm = event => Object.assign(probe, {
            armed: true, event, revision: Number(builder().dataset.revision), start: null, edited: null, shown: null,
            painted: null, idle: null, shownRevision: null, count: null,
          });
          const check = () => {
            const b = builder(), c = headline(), p = panel();
            if (!b || !c) return;
            const now = performance.now();
            if (probe.firstCount === null && c.dataset.revision === b.dataset.revision) probe.firstCount = now;
            if (!probe.armed || probe.start === null) return;
            const revision = Number(b.dataset.revision);
            if (probe.edited === null && revision > probe.revision) probe.edited = now;
            if (probe.shown === null && revision > probe.revision && c.dataset.revision === b.dataset.revision) {
              Object.assign(probe, { shown: now, shownRevision: revision, count: c.textContent.trim() });
              // The frame after the DOM changed is the one that puts the number on screen.
              requestAnimationFrame(() => { probe.painted = performance.now(); });
            }
            if (probe.shown !== null && probe.idle === null && p?.getAttribute('aria-busy') === 'false'
                && c.dataset.revision === b.dataset.revision) probe.idle = now;
          };
          new MutationObserver(check).observe(document, {
            subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-revision', 'aria-busy'],
          });
        })();
        """;

    /// <summary>One edit's times in milliseconds from its action; null when it did not happen within the wait.</summary>
    public sealed record Timing(string Event, double ShownMs, double PaintedMs, double TreeMs, double? IdleMs, int Revision, string Count);

    /// <summary>Arms the probe for the next <paramref name="domEvent"/> (drop, click or change) on the page.</summary>
    public static Task ArmAsync(IPage page, string domEvent) => page.EvaluateAsync("e => window.__cdpBench.arm(e)", domEvent);

    /// <summary>Waits for the edit's count on screen, then (up to <paramref name="idleTimeout"/>) for the whole preview to finish.</summary>
    public static async Task<Timing> ReadAsync(IPage page, TimeSpan shownTimeout, TimeSpan idleTimeout)
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.__cdpBench.painted !== null", null,
                new() { Timeout = (float)shownTimeout.TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            var state = await page.EvaluateAsync<JsonElement>("() => JSON.stringify(window.__cdpBench)");
            throw new TimeoutException($"The edit's count did not reach the screen within {shownTimeout.TotalSeconds} s; probe: {state}", e);
        }
        try
        {
            // Breakdowns, samples and per-node counts follow the count; the next edit waits for them, as a user reading them would.
            await page.WaitForFunctionAsync("() => window.__cdpBench.idle !== null", null,
                new() { Timeout = (float)idleTimeout.TotalMilliseconds, PollingInterval = 50 });
        }
        catch (TimeoutException) { }
        var p = await page.EvaluateAsync<JsonElement>("() => window.__cdpBench");
        var start = p.GetProperty("start").GetDouble();
        double Since(string name) => Math.Round(p.GetProperty(name).GetDouble() - start, 1);
        return new Timing(p.GetProperty("event").GetString()!, Since("shown"), Since("painted"), Since("edited"),
            p.GetProperty("idle").ValueKind == JsonValueKind.Null ? null : Since("idle"),
            p.GetProperty("shownRevision").GetInt32(), p.GetProperty("count").GetString()!);
    }

    /// <summary>Milliseconds from navigation to the first count on screen, once there is one.</summary>
    public static async Task<double> FirstCountAsync(IPage page, TimeSpan timeout)
    {
        await page.WaitForFunctionAsync("() => window.__cdpBench.firstCount !== null", null,
            new() { Timeout = (float)timeout.TotalMilliseconds });
        return Math.Round(await page.EvaluateAsync<double>("() => window.__cdpBench.firstCount"), 1);
    }
}
