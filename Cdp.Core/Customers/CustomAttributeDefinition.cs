using Cdp.Core.Import.Mapping;

namespace Cdp.Core.Customers;

/// <summary>
/// A custom attribute found in the data and its type, so that segments offer it with the right operators
/// without scanning every customer's attributes.
/// </summary>
public class CustomAttributeDefinition
{
    /// <summary>The key inside <see cref="Customer.Attributes"/>, e.g. loyaltyPoints.</summary>
    public required string Name { get; set; }

    /// <summary>Text, Number, Date or Boolean.</summary>
    public FieldType Type { get; set; }

    public DateTime UpdatedAt { get; set; }
}
