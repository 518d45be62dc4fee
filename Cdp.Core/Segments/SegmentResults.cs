namespace Cdp.Core.Segments;

/// <summary>Options of a preview.</summary>
/// <param name="AsOfUtc">Evaluate relative dates as of this moment instead of now.</param>
/// <param name="PerNode">Also count each condition and group on its own.</param>
/// <param name="OwnKey">The key of the segment being edited, so that a reference back to it is a cycle.</param>
public sealed record PreviewOptions(DateTime? AsOfUtc = null, bool PerNode = false, string? OwnKey = null);

/// <summary>A segment's size and what its customers look like, all computed in SQL.</summary>
/// <param name="Share">Count divided by all customers, 0 to 1.</param>
/// <param name="Nodes">Per-node counts when asked for, in tree order.</param>
public sealed record SegmentPreview(
    int Count,
    int Total,
    double Share,
    DateTime AsOf,
    SegmentBreakdowns Breakdowns,
    IReadOnlyList<NodeCount>? Nodes);

/// <summary>How a segment's customers split up, and what they are worth.</summary>
/// <param name="Countries">The top ten countries, then "Other" and "Unknown" when present.</param>
/// <param name="AverageRevenue">Revenue per customer of the segment.</param>
/// <param name="AverageOrderValue">Revenue divided by the segment's orders.</param>
/// <param name="RfmGrid">Customers by RFM recency and frequency score: all 25 cells, recency 1 to 5, then frequency 1
/// to 5 within each; customers without scores are in none.</param>
public sealed record SegmentBreakdowns(
    IReadOnlyList<BreakdownItem> Gender,
    IReadOnlyList<BreakdownItem> AgeBands,
    IReadOnlyList<BreakdownItem> Countries,
    IReadOnlyList<BreakdownItem> RfmSegments,
    IReadOnlyList<BreakdownItem> LifecycleStages,
    decimal Revenue,
    decimal AverageRevenue,
    decimal AverageOrderValue,
    long Orders,
    IReadOnlyList<RfmCell> RfmGrid);

public sealed record BreakdownItem(string Label, int Count);

/// <summary>The customers with one pair of RFM recency and frequency scores (1 to 5 each).</summary>
public sealed record RfmCell(int Recency, int Frequency, int Count);

/// <summary>One customer of a segment, as a sample list shows them.</summary>
public sealed record SampleCustomer(int Id, string Name, string? Email, string? Country, decimal TotalSpent);

/// <summary>How many customers one node matches on its own.</summary>
/// <param name="Path">The node's path, e.g. <c>rules[1].rules[0]</c>; "" for the root.</param>
public sealed record NodeCount(string Path, string? Id, int Count);

/// <summary>Why a customer is in or out of a segment, node by node.</summary>
public sealed record SegmentExplanation(int CustomerId, string CustomerName, bool Matched, DateTime AsOf, NodeVerdict Root);

/// <summary>One node's verdict for one customer, with the customer's actual value for rules.</summary>
/// <param name="Text">E.g. "Country is one of DE, FR: customer has DE, matched".</param>
public sealed record NodeVerdict(
    string Path,
    string? Id,
    bool Matched,
    string Condition,
    string? Actual,
    string Text,
    IReadOnlyList<NodeVerdict> Children);
