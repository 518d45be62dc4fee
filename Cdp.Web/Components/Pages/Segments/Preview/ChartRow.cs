using Cdp.Core.Segments;

namespace Cdp.Web.Components.Pages.Segments.Preview;

/// <summary>One category of a preview chart: the segment's value and, when comparing, the whole base's.</summary>
/// <param name="Value">A count, or the share of the segment when comparing.</param>
/// <param name="BaseValue">The share of all customers when comparing; 0 otherwise.</param>
public sealed record ChartRow(string Label, double Value, double BaseValue)
{
    /// <summary>
    /// Rows for the segment's categories. Comparing turns counts into shares of each population (a segment is
    /// far smaller than the base, so raw counts would not compare); a category the base lacks counts as 0.
    /// </summary>
    public static List<ChartRow> From(IReadOnlyList<BreakdownItem> items, int count, IReadOnlyList<BreakdownItem>? baseItems, int baseCount,
        Func<string, string>? label = null)
    {
        label ??= l => l;
        if (baseItems is null) return items.Select(i => new ChartRow(label(i.Label), i.Count, 0)).ToList();
        var all = baseItems.ToDictionary(i => i.Label, i => i.Count);
        return items.Select(i => new ChartRow(label(i.Label), Share(i.Count, count), Share(all.GetValueOrDefault(i.Label), baseCount))).ToList();
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
