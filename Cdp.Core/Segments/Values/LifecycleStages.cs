using System.Linq.Expressions;
using Cdp.Core.Customers;

namespace Cdp.Core.Segments.Values;

/// <summary>A lifecycle stage and the rule that puts a customer in it, for people choosing one.</summary>
public sealed record LifecycleStageDefinition(string Name, string Rule);

/// <summary>
/// Where a customer is in their life with the brand, from their first and last order and an "as of" instant.
/// Not stored: it changes with the date alone, so it is computed in the query (<see cref="Expression"/>) or in
/// memory (<see cref="Of(int, DateTime?, DateTime?, DateTime)"/>); both apply the same rules, in this order:
/// no orders: Never purchased; first order at most 30 days ago: New; last order at most 180 days ago: Active;
/// at most 365 days ago: At risk; otherwise Lapsed. "At most N days ago" is exact to the tick: an order exactly
/// 180 days before the as-of instant is still Active.
/// </summary>
public static class LifecycleStages
{
    public const string NeverPurchased = "Never purchased";
    public const string New = "New";
    public const string Active = "Active";
    public const string AtRisk = "At risk";
    public const string Lapsed = "Lapsed";

    /// <summary>A first order at most this many days ago makes a customer New.</summary>
    public const int NewDays = 30;

    /// <summary>A last order at most this many days ago makes a customer Active.</summary>
    public const int ActiveDays = 180;

    /// <summary>A last order at most this many days ago (and more than <see cref="ActiveDays"/>) makes a customer At risk.</summary>
    public const int AtRiskDays = 365;

    /// <summary>The stages in lifecycle order.</summary>
    public static IReadOnlyList<string> Names { get; } = [NeverPurchased, New, Active, AtRisk, Lapsed];

    /// <summary>The stages with their rules, in lifecycle order.</summary>
    public static IReadOnlyList<LifecycleStageDefinition> Definitions { get; } =
    [
        new(NeverPurchased, "no orders"),
        new(New, $"first order at most {NewDays} days ago"),
        new(Active, $"last order at most {ActiveDays} days ago (and first order earlier than {NewDays} days ago)"),
        new(AtRisk, $"last order {ActiveDays} to {AtRiskDays} days ago"),
        new(Lapsed, $"last order more than {AtRiskDays} days ago"),
    ];

    /// <summary>
    /// The stage as an expression EF Core translates to one SQL CASE over OrdersCount, FirstOrderAt and
    /// LastOrderAt. The cut-off instants are computed here and captured, so they reach SQL as parameters.
    /// </summary>
    public static Expression<Func<Customer, string>> Expression(DateTime asOfUtc)
    {
        var newSince = asOfUtc.AddDays(-NewDays);
        var activeSince = asOfUtc.AddDays(-ActiveDays);
        var atRiskSince = asOfUtc.AddDays(-AtRiskDays);
        return c => c.OrdersCount <= 0 || c.LastOrderAt == null ? NeverPurchased
            : c.FirstOrderAt >= newSince ? New
            : c.LastOrderAt >= activeSince ? Active
            : c.LastOrderAt >= atRiskSince ? AtRisk
            : Lapsed;
    }

    /// <summary>The stage of one customer in memory; agrees with <see cref="Expression"/>.</summary>
    public static string Of(int ordersCount, DateTime? firstOrderAt, DateTime? lastOrderAt, DateTime asOfUtc)
    {
        if (ordersCount <= 0 || lastOrderAt is null) return NeverPurchased;
        if (firstOrderAt >= asOfUtc.AddDays(-NewDays)) return New;
        if (lastOrderAt >= asOfUtc.AddDays(-ActiveDays)) return Active;
        if (lastOrderAt >= asOfUtc.AddDays(-AtRiskDays)) return AtRisk;
        return Lapsed;
    }

    /// <summary>The stage of a loaded customer; agrees with <see cref="Expression"/>.</summary>
    public static string Of(Customer customer, DateTime asOfUtc) =>
        Of(customer.OrdersCount, customer.FirstOrderAt, customer.LastOrderAt, asOfUtc);
}
