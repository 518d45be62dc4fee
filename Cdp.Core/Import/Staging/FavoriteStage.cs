namespace Cdp.Core.Import.Staging;

/// <summary>
/// Favourites: a customer (by id or e-mail) saved a product (by SKU). Both must already exist; a favourite already
/// stored is updated only when the file gives another date.
/// </summary>
internal sealed class FavoriteStage : ReferenceStage
{
    private const string Name = "ImportFavorites";

    private static readonly StagedColumn[] Columns =
    [
        new("ExternalId", "TEXT", "externalId"), new("Email", "TEXT COLLATE NOCASE", "email"), new("Sku", "TEXT", "sku"),
        new("AddedAt", "TEXT", "addedAt"), new("CustomerId", "INTEGER"), new("ProductId", "INTEGER"), new("Exists", "INTEGER"),
    ];

    public FavoriteStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
        : base(sql, converter, options, now, Name, Columns)
    {
    }

    public static string? CheckMapping(IReadOnlySet<string> mapped) =>
        !mapped.Contains("sku") ? "Map a column to Product SKU: it identifies the product."
        : !mapped.Contains("externalId") && !mapped.Contains("email") ? "Map a column to Customer id or E-mail: it identifies the customer."
        : null;

    public override string? Check(ConvertedRow row) => CheckRow(row, Converter);

    public static string? CheckRow(ConvertedRow row, RowConverter converter)
    {
        if (row.Fields[converter.Slot("sku")] is null) return "no product SKU: the SKU identifies the product";
        return row.Fields[converter.Slot("externalId")] is null && row.Fields[converter.Slot("email")] is null
            ? "no customer: the row gives neither a customer id nor an e-mail" : null;
    }

    public override MergeOutcome Merge(CancellationToken cancellationToken)
    {
        var t = Table.Name;
        var rejected = new List<(long, string)>();
        StagedCustomers.Resolve(Sql, t);
        rejected.AddRange(StagedCustomers.RejectUnknown(Sql, t, " (import the customers first)"));
        Sql.Execute($"UPDATE {t} SET ProductId = (SELECT p.Id FROM main.Products p WHERE p.Sku = {t}.Sku)");
        rejected.AddRange(StagedRows.Reject(Sql, t, "ProductId IS NULL", "'no product with SKU ' || Sku || ' (import the products first)'"));
        cancellationToken.ThrowIfCancellationRequested();

        var merged = Sql.Execute($"DELETE FROM {t} WHERE Line NOT IN (SELECT MAX(Line) FROM {t} GROUP BY CustomerId, ProductId)");
        Sql.Execute($"UPDATE {t} SET \"Exists\" = EXISTS (SELECT 1 FROM main.Favorites f WHERE f.CustomerId = {t}.CustomerId AND f.ProductId = {t}.ProductId)");
        var unchanged = 0;
        if (Options.Mode == ImportMode.InsertOnly) unchanged += Sql.Execute($"DELETE FROM {t} WHERE \"Exists\"");
        if (Options.Mode == ImportMode.UpdateOnly)
            rejected.AddRange(StagedRows.Reject(Sql, t, "NOT \"Exists\"", "'not a favourite yet: update-only imports do not add favourites'"));

        var existing = Sql.Scalar<int>($"SELECT COUNT(*) FROM {t} WHERE \"Exists\"");
        var updated = Sql.Execute($"""
            UPDATE main.Favorites SET AddedAt = s.AddedAt
            FROM {t} s WHERE s."Exists" AND s.CustomerId = Favorites.CustomerId AND s.ProductId = Favorites.ProductId
                AND s.AddedAt IS NOT NULL AND s.AddedAt IS NOT Favorites.AddedAt
            """);
        var inserted = Sql.Execute($"""
            INSERT INTO main.Favorites (CustomerId, ProductId, AddedAt)
            SELECT CustomerId, ProductId, COALESCE(AddedAt, $now) FROM {t} WHERE NOT "Exists" ORDER BY Line
            """, ("$now", Now));
        return new MergeOutcome(inserted, updated, unchanged + existing - updated, merged, rejected, new Dictionary<string, int>());
    }
}
