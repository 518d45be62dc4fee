namespace Cdp.Core.Products;

/// <summary>An item of the catalogue.</summary>
public class Product
{
    /// <summary>Stock at or below which a product counts as running low (favourites alerts, segments).</summary>
    public const int LowStockThreshold = 5;

    public int Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string? Category { get; set; }
    public string? Subcategory { get; set; }

    /// <summary>Skill level the product is made for, lower case: beginner, intermediate or pro.</summary>
    public string? Level { get; set; }

    public decimal Price { get; set; }
    public int Stock { get; set; }
    public string? ImageUrl { get; set; }
    public string? ProductUrl { get; set; }
}
