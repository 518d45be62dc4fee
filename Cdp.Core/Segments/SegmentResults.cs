namespace Cdp.Core.Segments;

/// <summary>Options of a preview.</summary>
/// <param name="AsOfUtc">Evaluate relative dates as of this moment instead of now.</param>
/// <param name="PerNode">Also count each condition and group on its own.</param>
public sealed record PreviewOptions(DateTime? AsOfUtc = null, bool PerNode = false);

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
public sealed record SegmentBreakdowns(
    IReadOnlyList<BreakdownItem> Gender,
    IReadOnlyList<BreakdownItem> AgeBands,
    IReadOnlyList<BreakdownItem> Countries,
    IReadOnlyList<BreakdownItem> RfmSegments,
    IReadOnlyList<BreakdownItem> LifecycleStages,
    decimal Revenue,
    decimal AverageRevenue,
    decimal AverageOrderValue,
    long Orders);

public sealed record BreakdownItem(string Label, int Count);

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
