namespace Cdp.Core.Import.Staging;

/// <summary>The stage of each kind of import, and its checks that need no database.</summary>
internal static class ImportStages
{
    public static ImportStage Create(ImportKind kind, SqlSession sql, RowConverter converter, ImportOptions options, DateTime now) => kind switch
    {
        ImportKind.Customers => new CustomerStage(sql, converter, options, now),
        ImportKind.Orders => new OrderStage(sql, converter, options, now),
        ImportKind.Products => new ProductStage(sql, converter, options, now),
        ImportKind.Favorites => new FavoriteStage(sql, converter, options, now),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Why the mapping cannot be imported (a required field without a column), or null.</summary>
    public static string? CheckMapping(ImportKind kind, IReadOnlySet<string> mapped, ImportOptions options) => kind switch
    {
        ImportKind.Customers => CustomerStage.CheckMapping(mapped, options),
        ImportKind.Orders => OrderStage.CheckMapping(mapped),
        ImportKind.Products => ProductStage.CheckMapping(mapped),
        ImportKind.Favorites => FavoriteStage.CheckMapping(mapped),
        _ => null,
    };

    /// <summary>Why this row would be rejected as a whole, or null.</summary>
    public static string? Check(ImportKind kind, ConvertedRow row, RowConverter converter, ImportOptions options) => kind switch
    {
        ImportKind.Customers => CustomerStage.CheckRow(row, converter, options),
        ImportKind.Orders => OrderStage.CheckRow(row, converter),
        ImportKind.Products => ProductStage.CheckRow(row, converter),
        ImportKind.Favorites => FavoriteStage.CheckRow(row, converter),
        _ => null,
    };
}
