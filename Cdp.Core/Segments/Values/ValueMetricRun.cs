namespace Cdp.Core.Segments.Values;

/// <summary>One recomputation of the value metrics, kept so that the thresholds it used can be shown.</summary>
public class ValueMetricRun
{
    public int Id { get; set; }

    /// <summary>The "as of" instant the scores and predicted CLV were computed for.</summary>
    public DateTime ComputedAt { get; set; }

    /// <summary>Customers with orders, i.e. those that received RFM scores.</summary>
    public int CustomersScored { get; set; }

    /// <summary>JSON array of the four recency cut points (last order dates).</summary>
    public required string RecencyCutPoints { get; set; }

    /// <summary>JSON array of the four frequency cut points (orders counts).</summary>
    public required string FrequencyCutPoints { get; set; }

    /// <summary>JSON array of the four monetary cut points (total spent).</summary>
    public required string MonetaryCutPoints { get; set; }
}
