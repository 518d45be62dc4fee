using Cdp.Core.Products;

namespace Cdp.Core.Orders;

/// <summary>One product of an order. A negative quantity is a return and reduces the order's total.</summary>
public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }

    public Order? Order { get; set; }
    public Product? Product { get; set; }

    public decimal Amount => Quantity * UnitPrice;
}
