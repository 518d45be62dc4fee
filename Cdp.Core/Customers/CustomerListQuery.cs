namespace Cdp.Core.Customers;

/// <summary>A page of the customer list: search, column filters, sort and paging, all applied in SQL.</summary>
public sealed record CustomerListQuery
{
    /// <summary>Free text matched as a prefix of first name, last name or e-mail ("jeff", "jeff mil", "jeff@").</summary>
    public string? Search { get; init; }

    public IReadOnlyList<CustomerFilter> Filters { get; init; } = [];

    /// <summary>A <see cref="CustomerListColumns"/> name; null sorts the newest sign-ups first.</summary>
    public string? SortBy { get; init; }

    public bool Descending { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>A condition on one list column, e.g. Country equals "DE" or TotalSpent greater than 500.</summary>
public sealed record CustomerFilter(string Column, CustomerFilterOperator Operator, object? Value);

public enum CustomerFilterOperator
{
    Equals,
    NotEquals,
    LessThan,
    LessThanOrEquals,
    GreaterThan,
    GreaterThanOrEquals,
    Contains,
    StartsWith,
    EndsWith,
    IsNull,
    IsNotNull,
}

/// <summary>A customer as the list shows it.</summary>
public sealed record CustomerRow(
    int Id, string? ExternalId, string? FirstName, string? LastName, string? Email, string? Country, string? City,
    int OrdersCount, decimal TotalSpent, DateTime? LastOrderAt, DateTime SignedUpAt);

public sealed record CustomerPage(IReadOnlyList<CustomerRow> Rows, int Total);
