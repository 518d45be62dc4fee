namespace Cdp.Core.Import;

/// <summary>What a CSV file holds.</summary>
public enum ImportKind
{
    /// <summary>One row per customer.</summary>
    Customers,
    /// <summary>One row per order line; the order id repeats across an order's lines.</summary>
    Orders,
    /// <summary>One row per product of the catalogue.</summary>
    Products,
    /// <summary>One row per product a customer saved as a favourite.</summary>
    Favorites,
}
