namespace Cdp.Core.Segments.Values;

/// <summary>A named RFM segment: the recency and frequency scores it covers.</summary>
/// <param name="Name">Stored in <c>Customers.RfmSegment</c>.</param>
/// <param name="Recency">Recency scores (1-5) it covers.</param>
/// <param name="Frequency">Frequency scores (1-5) it covers.</param>
/// <param name="Description">Who they are, for people choosing a segment.</param>
public sealed record RfmSegmentDefinition(string Name, IReadOnlyList<int> Recency, IReadOnlyList<int> Frequency, string Description);

/// <summary>
/// Named RFM segments, from the recency (R) and frequency (F) scores only: the usual 5×5 RF grid. Monetary
/// value is left out on purpose, so that every one of the 25 (R, F) cells has exactly one name and the map
/// stays small enough to explain; the monetary score is stored beside it for rules that want it.
/// </summary>
public static class RfmSegments
{
    public const string Champions = "Champions";
    public const string Loyal = "Loyal";
    public const string PotentialLoyalist = "Potential Loyalist";
    public const string New = "New";
    public const string Promising = "Promising";
    public const string NeedAttention = "Need Attention";
    public const string AboutToSleep = "About to Sleep";
    public const string AtRisk = "At Risk";
    public const string CantLose = "Can't Lose";
    public const string Hibernating = "Hibernating";
    public const string Lost = "Lost";

    /// <summary>The mapping, most valuable first. Every (R, F) pair in 1-5 × 1-5 is in exactly one definition.</summary>
    public static IReadOnlyList<RfmSegmentDefinition> Definitions { get; } =
    [
        new(Champions, [5], [4, 5], "Bought very recently and often."),
        new(Loyal, [3, 4], [4, 5], "Buy often, and not long ago."),
        new(PotentialLoyalist, [4, 5], [2, 3], "Recent customers with a few orders."),
        new(New, [5], [1], "Bought for the first time very recently."),
        new(Promising, [4], [1], "Recent first-time buyers."),
        new(NeedAttention, [3], [3], "Average recency and frequency."),
        new(AboutToSleep, [3], [1, 2], "Bought a little once or twice, a while ago."),
        new(AtRisk, [1, 2], [3, 4], "Bought fairly often, but long ago."),
        new(CantLose, [1, 2], [5], "Used to buy very often, but not for a long time."),
        new(Hibernating, [2], [1, 2], "Bought little, long ago."),
        new(Lost, [1], [1, 2], "Bought little, longest ago."),
    ];

    /// <summary>The segment names, most valuable first.</summary>
    public static IReadOnlyList<string> Names { get; } = Definitions.Select(d => d.Name).ToArray();

    private static readonly string[,] Grid = BuildGrid();

    /// <summary>The segment of a recency and a frequency score.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A score is not 1-5.</exception>
    public static string Name(int recency, int frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recency, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, 5);
        return Grid[recency - 1, frequency - 1];
    }

    private static string[,] BuildGrid()
    {
        var grid = new string[5, 5];
        foreach (var definition in Definitions)
            foreach (var r in definition.Recency)
                foreach (var f in definition.Frequency)
                {
                    if (grid[r - 1, f - 1] is { } other)
                        throw new InvalidOperationException($"R{r} F{f} is both {other} and {definition.Name}.");
                    grid[r - 1, f - 1] = definition.Name;
                }
        for (var r = 1; r <= 5; r++)
            for (var f = 1; f <= 5; f++)
                if (grid[r - 1, f - 1] is null) throw new InvalidOperationException($"R{r} F{f} has no segment.");
        return grid;
    }
}
