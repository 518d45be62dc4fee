namespace Cdp.Core.Segments.Values;

/// <summary>
/// The cut points of one RFM scoring: for each dimension, the values at 20, 40, 60 and 80 % of the customers
/// with orders (sorted ascending). A score is 1 + the number of cut points the customer's value is above, so
/// equal values always get the same score, and a value equal to a cut point gets the lower score (a one-time
/// buyer among many one-time buyers scores F1). Each list is empty when no customer has orders.
/// </summary>
/// <param name="ComputedAt">The "as of" instant of the scoring (recency and predicted CLV depend on it).</param>
/// <param name="CustomersScored">Customers with orders, who got scores.</param>
/// <param name="Recency">Last order dates (UTC); later is better.</param>
/// <param name="Frequency">Orders counts.</param>
/// <param name="Monetary">Total spent, net of returns.</param>
public sealed record RfmThresholds(
    DateTime ComputedAt, int CustomersScored, IReadOnlyList<DateTime> Recency, IReadOnlyList<int> Frequency, IReadOnlyList<decimal> Monetary)
{
    /// <summary>The score (1-5) of a value given a dimension's cut points, as the stored scores are computed.</summary>
    public static int Score<T>(T value, IReadOnlyList<T> cutPoints) where T : IComparable<T> =>
        1 + cutPoints.Count(cut => value.CompareTo(cut) > 0);
}
