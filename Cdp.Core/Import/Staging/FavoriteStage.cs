namespace Cdp.Core.Import.Staging;

/// <summary>
/// Favourites: a customer (by id or e-mail) saved a product (by SKU). Both must already exist; a favourite already
/// stored is updated only when the file gives another date.
/// </summary>
internal sealed class FavoriteStage : ImportStage
{
    private const string Name = "ImportFavorites";

    private static readonly (string Column, string SqlType, string? Field)[] Columns =
    [
        ("ExternalId", "TEXT", "externalId"), ("Email", "TEXT COLLATE NOCASE", "email"), ("Sku", "TEXT", "sku"),
        ("AddedAt", "TEXT", "addedAt"), ("CustomerId", "INTEGER", null), ("ProductId", "INTEGER", null), ("Exists", "INTEGER", null),
    ];

    private readonly SqlSession _sql;
    private readonly RowConverter _converter;
    private readonly ImportOptions _options;
    private readonly DateTime _now;
    private readonly StagingTable _table;
    private readonly (int Column, int Slot)[] _fills;

    public FavoriteStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
    {
        _sql = sql;
        _converter = converter;
        _options = options;
        _now = now;
        _table = new StagingTable(sql, Name, [.. Columns.Select(c => new StagingColumn(c.Column, c.SqlType))]);
        _fills = [.. Columns.Select((c, i) => (i, c.Field is { } f && converter.MappedFields.Contains(f) ? converter.Slot(f) : -1)).Where(x => x.Item2 >= 0)];
    }

    public static string? CheckMapping(IReadOnlySet<string> mapped) =>
        !mapped.Contains("sku") ? "Map a column to Product SKU: it identifies the product."
        : !mapped.Contains("externalId") && !mapped.Contains("email") ? "Map a column to Customer id or E-mail: it identifies the customer."
        : null;

    public override string? Check(ConvertedRow row) => CheckRow(row, _converter);

    public static string? CheckRow(ConvertedRow row, RowConverter converter)
    {
        if (row.Fields[converter.Slot("sku")] is null) return "no product SKU: the SKU identifies the product";
        return row.Fields[converter.Slot("externalId")] is null && row.Fields[converter.Slot("email")] is null
            ? "no customer: the row gives neither a customer id nor an e-mail" : null;
    }

    public override object?[] Prepare(ConvertedRow row)
    {
        var values = new object?[Columns.Length];
        foreach (var (column, slot) in _fills) values[column] = row.Fields[slot];
        return values;
    }

    public override void Stage(long line, object?[] values) => _table.Insert(line, values);

    public override MergeOutcome Merge(CancellationToken cancellationToken)
    {
        var t = _table.Name;
        var rejected = new List<(long, string)>();
        StagedCustomers.Resolve(_sql, t);
        rejected.AddRange(StagedCustomers.RejectUnknown(_sql, t, " (import the customers first)"));
        _sql.Execute($"UPDATE {t} SET ProductId = (SELECT p.Id FROM main.Products p WHERE p.Sku = {t}.Sku)");
        rejected.AddRange(StagedRows.Reject(_sql, t, "ProductId IS NULL", "'no product with SKU ' || Sku || ' (import the products first)'"));
        cancellationToken.ThrowIfCancellationRequested();

        var merged = _sql.Execute($"DELETE FROM {t} WHERE Line NOT IN (SELECT MAX(Line) FROM {t} GROUP BY CustomerId, ProductId)");
        _sql.Execute($"UPDATE {t} SET \"Exists\" = EXISTS (SELECT 1 FROM main.Favorites f WHERE f.CustomerId = {t}.CustomerId AND f.ProductId = {t}.ProductId)");
        var unchanged = 0;
        if (_options.Mode == ImportMode.InsertOnly) unchanged += _sql.Execute($"DELETE FROM {t} WHERE \"Exists\"");
        if (_options.Mode == ImportMode.UpdateOnly)
            rejected.AddRange(StagedRows.Reject(_sql, t, "NOT \"Exists\"", "'not a favourite yet: update-only imports do not add favourites'"));

        var existing = _sql.Scalar<int>($"SELECT COUNT(*) FROM {t} WHERE \"Exists\"");
        var updated = _sql.Execute($"""
            UPDATE main.Favorites SET AddedAt = s.AddedAt
            FROM {t} s WHERE s."Exists" AND s.CustomerId = Favorites.CustomerId AND s.ProductId = Favorites.ProductId
                AND s.AddedAt IS NOT NULL AND s.AddedAt IS NOT Favorites.AddedAt
            """);
        var inserted = _sql.Execute($"""
            INSERT INTO main.Favorites (CustomerId, ProductId, AddedAt)
            SELECT CustomerId, ProductId, COALESCE(AddedAt, $now) FROM {t} WHERE NOT "Exists" ORDER BY Line
            """, ("$now", _now));
        return new MergeOutcome(inserted, updated, unchanged + existing - updated, merged, rejected, new Dictionary<string, int>());
    }

    public override void Dispose() => _table.Dispose();
}
