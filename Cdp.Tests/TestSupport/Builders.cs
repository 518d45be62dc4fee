using Cdp.Core.Customers;
using Cdp.Core.Orders;
using Cdp.Core.Products;

namespace Cdp.Tests.TestSupport;

/// <summary>Small builders for test data: only what a test says differs from a plain, valid default.</summary>
public sealed class CustomerBuilder
{
    private static int _next;
    private readonly Customer _customer;
    private readonly List<(DateTime At, (Product Product, int Quantity, decimal Price)[] Lines)> _orders = [];

    public CustomerBuilder()
    {
        var n = Interlocked.Increment(ref _next);
        _customer = new Customer
        {
            ExternalId = $"T{n:D6}",
            Email = $"customer{n}@example.com",
            FirstName = "Test",
            LastName = $"Customer{n}",
            Country = "US",
            SignedUpAt = FixedClock.Default.UtcDateTime.AddDays(-400),
            UpdatedAt = FixedClock.Default.UtcDateTime.AddDays(-400),
        };
    }

    public CustomerBuilder Named(string first, string last) { _customer.FirstName = first; _customer.LastName = last; return this; }
    public CustomerBuilder WithEmail(string? email) { _customer.Email = email; return this; }
    public CustomerBuilder WithExternalId(string? id) { _customer.ExternalId = id; return this; }
    public CustomerBuilder In(string country, string? city = null) { _customer.Country = country; _customer.City = city; return this; }
    public CustomerBuilder WithGender(Gender gender) { _customer.Gender = gender; return this; }
    public CustomerBuilder SignedUp(DateTime at) { _customer.SignedUpAt = at; return this; }
    public CustomerBuilder With(Action<Customer> change) { change(_customer); return this; }

    /// <summary>An order at <paramref name="at"/> with the given lines (negative quantity = return).</summary>
    public CustomerBuilder WithOrder(DateTime at, params (Product Product, int Quantity, decimal Price)[] lines)
    {
        _orders.Add((at, lines));
        return this;
    }

    /// <summary>Orders without metrics: as an import would leave them before recomputation.</summary>
    public Customer Build()
    {
        var ordinal = 0;
        foreach (var (at, lines) in _orders)
        {
            var order = new Order { ExternalId = $"{_customer.ExternalId ?? _customer.Email}-O{++ordinal}", OrderedAt = at, Channel = "web" };
            foreach (var (product, quantity, price) in lines)
                order.Lines.Add(new OrderLine { Product = product, Quantity = quantity, UnitPrice = price });
            order.Total = order.Lines.Sum(l => l.Quantity * l.UnitPrice);
            _customer.Orders.Add(order);
        }
        return _customer;
    }
}

public static class ProductBuilder
{
    private static int _next;

    public static Product Make(string category = "Golf", string? level = "beginner", decimal price = 100m, int stock = 50, string? sku = null)
    {
        var n = Interlocked.Increment(ref _next);
        return new Product { Sku = sku ?? $"SKU-{n:D5}", Name = $"{category} product {n}", Category = category, Level = level, Price = price, Stock = stock };
    }
}
