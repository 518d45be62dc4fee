using Cdp.Core.Products;

namespace Cdp.Core.Customers;

/// <summary>A product a customer saved as a favourite (wish list).</summary>
public class Favorite
{
    public int CustomerId { get; set; }
    public int ProductId { get; set; }
    public DateTime AddedAt { get; set; }

    public Customer? Customer { get; set; }
    public Product? Product { get; set; }
}
