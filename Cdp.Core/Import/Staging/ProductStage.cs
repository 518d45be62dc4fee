using Cdp.Core.Products;

namespace Cdp.Core.Import.Staging;

/// <summary>Products: upserted on the SKU. A new product without a name is named by its SKU until a file says otherwise.</summary>
internal sealed class ProductStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
    : UpsertStage(sql, converter, options, now, TargetFor(sql))
{
    private static readonly Dictionary<string, FieldFill[]> FieldColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sku"] = FieldFill.As("Sku"),
        ["name"] = FieldFill.As("Name"),
        ["category"] = FieldFill.As("Category"),
        ["subcategory"] = FieldFill.As("Subcategory"),
        ["level"] = FieldFill.As("Level", v => ((string)v).ToLowerInvariant()),
        ["price"] = FieldFill.As("Price"),
        ["stock"] = FieldFill.As("Stock"),
        ["imageUrl"] = FieldFill.As("ImageUrl"),
        ["productUrl"] = FieldFill.As("ProductUrl"),
    };

    private static UpsertTarget TargetFor(SqlSession sql) => new(
        sql.Db.Model.FindEntityType(typeof(Product))!, KeyColumn: "Sku", KeyCollation: "", KeyLabel: "SKU", Noun: "product",
        FieldColumns, Defaults: new Dictionary<string, string> { ["Name"] = "Sku", ["Price"] = "0", ["Stock"] = "0" });

    public static string? CheckMapping(IReadOnlySet<string> mapped) =>
        mapped.Contains("sku") ? null : "Map a column to SKU: it identifies the product.";

    public override string? Check(ConvertedRow row) => CheckRow(row, Converter);

    public static string? CheckRow(ConvertedRow row, RowConverter converter) =>
        row.Fields[converter.Slot("sku")] is null ? "no SKU: the SKU identifies the product" : null;
}
