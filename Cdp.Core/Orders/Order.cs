using Cdp.Core.Customers;

namespace Cdp.Core.Orders;

/// <summary>A purchase. Its total is the sum of its lines, returns included.</summary>
public class Order
{
    public int Id { get; set; }
    public required string ExternalId { get; set; }
    public int CustomerId { get; set; }
    public DateTime OrderedAt { get; set; }
    public string? Channel { get; set; }
    public decimal Total { get; set; }

    public Customer? Customer { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}
