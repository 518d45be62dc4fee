namespace Cdp.Core.Segments.Values;

/// <summary>
/// Customer lifetime value. Historical CLV is what the customer has spent, net of returns: the stored
/// <c>TotalSpent</c>. Predicted CLV is the spend expected over the next <see cref="HorizonYears"/> years:
/// <code>
/// tenure       = max(days since first order, 365.25)          (at least a year: one recent order is not a rate)
/// order rate   = orders / tenure                              (orders per day so far)
/// AOV          = total spent / orders
/// P(active)    = 1 / (1 + days since last order × order rate) (1 right after an order; ½ after one usual gap; ⅓ after two)
/// predicted    = AOV × order rate × 365.25 × 3 × P(active)
///              = 3 × 365.25 × total spent / (tenure + orders × days since last order)
/// </code>
/// Days are counted to the start of the as-of day (UTC), so the value changes once a day and a recomputation
/// later the same day rewrites only the customers whose orders or scores changed.
/// It is 0 without orders or when returns cancel the spend. Only arithmetic and SQLite's core julianday(): no
/// exp() or pow(), which SQLite builds may lack.
/// </summary>
public static class CustomerValue
{
    /// <summary>Years of future spend the prediction covers.</summary>
    public const int HorizonYears = 3;

    /// <summary>Shortest tenure (days) the order rate is measured over.</summary>
    public const double MinimumTenureDays = 365.25;

    /// <summary>The formulas in words, as the API shows them.</summary>
    public const string HistoricalFormula = "total spent so far, net of returns (TotalSpent)";

    /// <summary>The predictive formula in words, as the API shows them.</summary>
    public const string PredictedFormula =
        "AOV × orders per year × 3 years × P(active), where orders per year = orders / max(years since first order, 1) " +
        "and P(active) = 1 / (1 + days since last order / average days between orders); " +
        "equal to 3 × 365.25 × total spent / (max(days since first order, 365.25) + orders × days since last order); " +
        "days counted to the start of the as-of day (UTC); 0 without orders";

    /// <summary>The instant predicted CLV counts days to: the start of the as-of day (UTC).</summary>
    public static DateTime ClvDay(DateTime asOfUtc) => DateTime.SpecifyKind(asOfUtc.Date, DateTimeKind.Utc);

    /// <summary>Predicted CLV of one customer in memory, rounded to cents like the stored one.</summary>
    public static decimal Predicted(int ordersCount, decimal totalSpent, DateTime? firstOrderAt, DateTime? lastOrderAt, DateTime asOfUtc)
    {
        if (ordersCount <= 0 || totalSpent <= 0 || lastOrderAt is null) return 0m;
        asOfUtc = ClvDay(asOfUtc);
        var tenure = Math.Max((asOfUtc - (firstOrderAt ?? lastOrderAt.Value)).TotalDays, MinimumTenureDays);
        var sinceLast = Math.Max((asOfUtc - lastOrderAt.Value).TotalDays, 0);
        var value = HorizonYears * 365.25 * (double)totalSpent / (tenure + ordersCount * sinceLast);
        return Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);
    }
}
