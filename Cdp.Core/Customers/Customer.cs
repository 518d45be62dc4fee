using Cdp.Core.Data;

namespace Cdp.Core.Customers;

/// <summary>A person the brand knows: profile, location, technology, consent and behaviour.</summary>
public class Customer
{
    public int Id { get; set; }

    /// <summary>The id the customer has in the system it was imported from (CRM, shop). Unique when present.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Trimmed, with the domain lower-cased (see <see cref="EmailAddress.Normalize"/>). Unique when present.</summary>
    public string? Email { get; set; }

    public string? FirstName
    {
        get => _firstName;
        set => (_firstName, FirstNameKey) = (value, TextFolding.Fold(value));
    }

    public string? LastName
    {
        get => _lastName;
        set => (_lastName, LastNameKey) = (value, TextFolding.Fold(value));
    }

    /// <summary>First name folded for search (see <see cref="TextFolding"/>); maintained by the setter.</summary>
    public string? FirstNameKey { get; private set; }

    /// <summary>Last name folded for search; maintained by the setter.</summary>
    public string? LastNameKey { get; private set; }

    // EF reads and writes these fields directly, so loading a customer leaves the stored keys as they are.
    private string? _firstName;
    private string? _lastName;

    // Demographic
    public Gender Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    public decimal? Income { get; set; }
    public string? MaritalStatus { get; set; }
    public string? Occupation { get; set; }
    public string? Education { get; set; }

    // Geographic
    /// <summary>ISO 3166-1 alpha-2 code, upper case.</summary>
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? PostalCode { get; set; }

    // Technographic
    public string? Device { get; set; }
    public string? PreferredChannel { get; set; }
    public string? AcquisitionSource { get; set; }

    // Psychographic: lower-case tags.
    public List<string> Interests { get; set; } = [];

    public bool EmailOptIn { get; set; }
    public DateTime SignedUpAt { get; set; }
    public DateTime? LastSeenAt { get; set; }

    /// <summary>Extra imported columns as a JSON object (see <see cref="CustomAttributes"/>), queryable in SQL.</summary>
    public string? Attributes { get; set; }

    // Behavioural metrics, recomputed from orders by CustomerMetrics.
    public int OrdersCount { get; set; }
    public decimal TotalSpent { get; set; }
    public decimal AverageOrderValue { get; set; }
    public DateTime? FirstOrderAt { get; set; }
    public DateTime? LastOrderAt { get; set; }

    // Value metrics, recomputed for everyone by Segments.Values.ValueMetrics (see docs/value-metrics.md).
    /// <summary>RFM recency score 1-5 (5 = bought most recently); null without orders.</summary>
    public int? RfmRecency { get; set; }

    /// <summary>RFM frequency score 1-5 (5 = most orders); null without orders.</summary>
    public int? RfmFrequency { get; set; }

    /// <summary>RFM monetary score 1-5 (5 = spent most); null without orders.</summary>
    public int? RfmMonetary { get; set; }

    /// <summary>Named RFM segment (see <see cref="Segments.Values.RfmSegments"/>); null without orders.</summary>
    public string? RfmSegment { get; set; }

    /// <summary>Expected spend over the next three years (see <see cref="Segments.Values.CustomerValue"/>); 0 without orders.</summary>
    public decimal PredictedClv { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<Orders.Order> Orders { get; set; } = [];
    public List<Favorite> Favorites { get; set; } = [];

    public string DisplayName =>
        string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name
            ? name
            : Email ?? ExternalId ?? $"Customer {Id}";
}

public enum Gender
{
    Unknown,
    Female,
    Male,
    Other,
}
