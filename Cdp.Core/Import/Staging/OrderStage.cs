namespace Cdp.Core.Import.Staging;

/// <summary>
/// Orders, one row per order line as shops export them: the order id repeats over its lines. An order is written
/// whole or not at all: when one of its lines is rejected, so are the others. Existing orders are compared line by
/// line and replaced only when something differs; unknown products are created from the line's name, category and
/// price; unknown customers are rejected, or created from the file's customer columns when asked.
/// </summary>
internal sealed class OrderStage : ImportStage
{
    private const string Lines = "ImportOrderLines";
    private const string Orders = "ImportOrders";
    private const string Touched = "ImportTouchedCustomers";
    private const string RejectedOrders = "ImportRejectedOrders";

    /// <summary>Staged columns, and the field that fills each (null: filled by the merge).</summary>
    private static readonly (string Column, string SqlType, string? Field)[] Columns =
    [
        ("OrderId", "TEXT", "orderId"), ("ExternalId", "TEXT", "externalId"), ("Email", "TEXT COLLATE NOCASE", "email"),
        ("OrderedAt", "TEXT", "orderedAt"), ("Channel", "TEXT", "channel"), ("Sku", "TEXT", "sku"),
        ("ProductName", "TEXT", "productName"), ("Category", "TEXT", "category"), ("Quantity", "INTEGER", "quantity"),
        ("UnitPrice", "REAL", "unitPrice"), ("FirstName", "TEXT", "firstName"), ("LastName", "TEXT", "lastName"),
        ("Country", "TEXT", "country"), ("City", "TEXT", "city"), ("CustomerId", "INTEGER", null), ("ProductId", "INTEGER", null),
    ];

    private readonly SqlSession _sql;
    private readonly RowConverter _converter;
    private readonly ImportOptions _options;
    private readonly DateTime _now;
    private readonly StagingTable _table;
    private readonly (int Column, int Slot)[] _fills;
    private readonly int _orderSlot, _quantitySlot, _unitPriceSlot, _lineTotalSlot;
    private readonly Dictionary<string, long> _ordersWithRejectedLines = new(StringComparer.Ordinal);

    public OrderStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
    {
        _sql = sql;
        _converter = converter;
        _options = options;
        _now = now;
        _table = new StagingTable(sql, Lines, [.. Columns.Select(c => new StagingColumn(c.Column, c.SqlType))]);
        _fills = [.. Columns.Select((c, i) => (i, c.Field is { } f && converter.MappedFields.Contains(f) ? converter.Slot(f) : -1)).Where(x => x.Item2 >= 0)];
        _orderSlot = converter.Slot("orderId");
        _quantitySlot = converter.Slot("quantity");
        _unitPriceSlot = converter.Slot("unitPrice");
        _lineTotalSlot = converter.Slot("lineTotal");
    }

    public static string? CheckMapping(IReadOnlySet<string> mapped)
    {
        var missing = new List<string>();
        if (!mapped.Contains("orderId")) missing.Add("Order id");
        if (!mapped.Contains("orderedAt")) missing.Add("Ordered at");
        if (!mapped.Contains("sku")) missing.Add("Product SKU");
        if (!mapped.Contains("externalId") && !mapped.Contains("email")) missing.Add("Customer id or E-mail");
        if (!mapped.Contains("unitPrice") && !mapped.Contains("lineTotal")) missing.Add("Unit price or Line total");
        return missing.Count == 0 ? null : $"Map a column to {string.Join(", ", missing)}: an order line needs them.";
    }

    public override string? Check(ConvertedRow row) => CheckRow(row, _converter);

    public static string? CheckRow(ConvertedRow row, RowConverter converter)
    {
        if (row.Fields[converter.Slot("orderId")] is null) return "no order id: the order id groups the lines of an order";
        if (row.Fields[converter.Slot("sku")] is null) return "no product SKU: the SKU identifies the product";
        if (row.Fields[converter.Slot("quantity")] is 0) return "quantity 0: a line sells (positive) or returns (negative) at least one item";
        if (row.Fields[converter.Slot("unitPrice")] is null && row.Fields[converter.Slot("lineTotal")] is null)
            return "no unit price or line total";
        return null;
    }

    public override void Rejected(long line, ConvertedRow row)
    {
        if (row.Fields[_orderSlot] is string orderId) _ordersWithRejectedLines.TryAdd(orderId, line);
    }

    public override object?[] Prepare(ConvertedRow row)
    {
        var values = new object?[Columns.Length];
        foreach (var (column, slot) in _fills) values[column] = row.Fields[slot];
        var quantity = row.Fields[_quantitySlot] as int? ?? 1;
        var price = row.Fields[_unitPriceSlot] as decimal? ?? Math.Round((decimal)row.Fields[_lineTotalSlot]! / quantity, 4);
        // Some shops export a return as a positive quantity at a negative price; Cdp keeps returns as negative quantities.
        if (price < 0) (quantity, price) = (-Math.Abs(quantity), -price);
        values[Array.FindIndex(Columns, c => c.Column == "Quantity")] = quantity;
        values[Array.FindIndex(Columns, c => c.Column == "UnitPrice")] = price;
        return values;
    }

    public override void Stage(long line, object?[] values) => _table.Insert(line, values);

    public override MergeOutcome Merge(CancellationToken cancellationToken)
    {
        var t = _table.Name;
        var rejected = new List<(long, string)>();
        var created = new Dictionary<string, int>();
        _sql.Execute($"CREATE INDEX temp.IX_{Lines}_OrderId ON {Lines} (OrderId)");

        rejected.AddRange(RejectOrdersWithRejectedLines(t));
        rejected.AddRange(StagedRows.Reject(_sql, t,
            $"OrderId IN (SELECT OrderId FROM {t} GROUP BY OrderId HAVING COUNT(DISTINCT ExternalId) > 1 OR COUNT(DISTINCT Email) > 1)",
            "'order ' || OrderId || ' names more than one customer on its lines'"));
        FillFromOtherLines(t, ("externalId", "ExternalId"), ("email", "Email"), ("orderedAt", "OrderedAt"), ("channel", "Channel"));
        rejected.AddRange(StagedRows.Reject(_sql, t, "OrderedAt IS NULL", "'no order date on any line of order ' || OrderId"));
        cancellationToken.ThrowIfCancellationRequested();

        StagedCustomers.Resolve(_sql, t);
        if (_options.CreateMissingCustomers)
        {
            created["customers"] = CreateMissingCustomers(t);
            StagedCustomers.Resolve(_sql, t);
        }
        rejected.AddRange(StagedCustomers.RejectUnknown(_sql, t,
            _options.CreateMissingCustomers ? "" : " (import the customers first, or choose to create missing customers)"));
        cancellationToken.ThrowIfCancellationRequested();

        created["products"] = ResolveProducts(t);
        cancellationToken.ThrowIfCancellationRequested();

        StageOrders(t);
        if (_options.Mode == ImportMode.UpdateOnly)
            rejected.AddRange(StagedRows.Reject(_sql, t, $"OrderId IN (SELECT OrderId FROM temp.{Orders} WHERE ExistingId IS NULL)",
                "'no order ' || OrderId || ': update-only imports do not add orders'"));
        var counts = Apply(t);
        return new MergeOutcome(counts.Inserted, counts.Updated, counts.Unchanged, 0, rejected, created,
            TouchedCustomers: $"SELECT Value FROM temp.{Touched}");
    }

    /// <summary>An order is imported whole: lines of an order that had a line rejected while reading are rejected too.</summary>
    private List<(long, string)> RejectOrdersWithRejectedLines(string t)
    {
        if (_ordersWithRejectedLines.Count == 0) return [];
        _sql.Execute($"CREATE TEMP TABLE {RejectedOrders} (OrderId TEXT PRIMARY KEY, Line INTEGER)");
        foreach (var (orderId, line) in _ordersWithRejectedLines)
            _sql.Execute($"INSERT INTO temp.{RejectedOrders} VALUES ($order, $line)", ("$order", orderId), ("$line", line));
        return StagedRows.Reject(_sql, t, $"OrderId IN (SELECT OrderId FROM temp.{RejectedOrders})",
            $"'order ' || OrderId || ' is not imported: its line ' || (SELECT r.Line FROM temp.{RejectedOrders} r WHERE r.OrderId = {t}.OrderId) || ' was rejected'");
    }

    /// <summary>Shops often write the customer and date on an order's first line only: the other lines take them from it.</summary>
    private void FillFromOtherLines(string t, params (string Field, string Column)[] columns)
    {
        foreach (var (_, column) in columns.Where(c => _converter.MappedFields.Contains(c.Field)))
            _sql.Execute($"UPDATE {t} SET {column} = (SELECT MAX(e.{column}) FROM {t} e WHERE e.OrderId = {t}.OrderId) WHERE {column} IS NULL");
    }

    /// <summary>One customer per unknown id or e-mail, from the values of their first order's line.</summary>
    private int CreateMissingCustomers(string t) => _sql.Execute($"""
        INSERT INTO main.Customers (ExternalId, Email, FirstName, FirstNameKey, LastName, LastNameKey, Country, City, Gender, Interests,
            EmailOptIn, SignedUpAt, OrdersCount, TotalSpent, AverageOrderValue, UpdatedAt)
        SELECT ExternalId, Email, FirstName, cdp_fold(FirstName), LastName, cdp_fold(LastName), Country, City, 'Unknown', '[]',
            0, MIN(OrderedAt), 0, 0, 0, $now
        FROM {t} WHERE CustomerId IS NULL GROUP BY COALESCE(ExternalId, lower(Email)) ORDER BY MIN(Line)
        ON CONFLICT DO NOTHING
        """, ("$now", _now));

    /// <summary>Finds each line's product by SKU, creating the unknown ones from their last line. Returns how many were created.</summary>
    private int ResolveProducts(string t)
    {
        const string find = "(SELECT p.Id FROM main.Products p WHERE p.Sku = {0}.Sku)";
        _sql.Execute($"UPDATE {t} SET ProductId = {string.Format(find, t)}");
        // The bare columns of a query with one MAX() come from the row holding the maximum: here, the SKU's last line.
        var created = _sql.Execute($"""
            INSERT INTO main.Products (Sku, Name, Category, Price, Stock)
            SELECT Sku, Name, Category, Price, 0 FROM (
                SELECT Sku, COALESCE(ProductName, Sku) AS Name, Category, UnitPrice AS Price, MAX(Line)
                FROM {t} WHERE ProductId IS NULL GROUP BY Sku)
            ORDER BY Sku
            """);
        if (created > 0) _sql.Execute($"UPDATE {t} SET ProductId = {string.Format(find, t)} WHERE ProductId IS NULL");
        return created;
    }

    /// <summary>
    /// One row per order with its total and its lines written as text in a fixed order, so an order already stored
    /// compares as a whole: same customer, date, channel and lines means unchanged.
    /// </summary>
    private void StageOrders(string t)
    {
        const string signature = "group_concat({0}.ProductId || 'x' || {0}.Quantity || '@' || {0}.UnitPrice, ',' ORDER BY {0}.ProductId, {0}.Quantity, {0}.UnitPrice)";
        _sql.Execute($"""
            CREATE TEMP TABLE {Orders} (OrderId TEXT PRIMARY KEY, CustomerId INTEGER, OrderedAt TEXT, Channel TEXT, Total REAL,
                Signature TEXT, LineCount INTEGER, FirstLine INTEGER, ExistingId INTEGER, OldCustomerId INTEGER, Action TEXT)
            """);
        _sql.Execute($"""
            INSERT INTO temp.{Orders} (OrderId, CustomerId, OrderedAt, Channel, Total, Signature, LineCount, FirstLine)
            SELECT OrderId, MIN(CustomerId), MIN(OrderedAt), MAX(Channel), ROUND(SUM(Quantity * UnitPrice), 2), {string.Format(signature, "l")}, COUNT(*), MIN(Line)
            FROM {t} l GROUP BY OrderId
            """);
        _sql.Execute($"""
            UPDATE temp.{Orders} SET ExistingId = o.Id, OldCustomerId = o.CustomerId,
                Action = CASE WHEN o.CustomerId = {Orders}.CustomerId AND o.OrderedAt = {Orders}.OrderedAt
                    AND ({Orders}.Channel IS NULL OR {Orders}.Channel IS o.Channel)
                    AND {Orders}.Signature IS (SELECT {string.Format(signature, "e")} FROM main.OrderLines e WHERE e.OrderId = o.Id)
                    THEN 'same' ELSE 'update' END
            FROM main.Orders o WHERE o.ExternalId = {Orders}.OrderId
            """);
        var existing = _options.Mode == ImportMode.InsertOnly ? "'same'" : "Action";
        _sql.Execute($"UPDATE temp.{Orders} SET Action = CASE WHEN ExistingId IS NULL THEN 'insert' ELSE {existing} END");
        if (_options.Mode == ImportMode.UpdateOnly) _sql.Execute($"DELETE FROM temp.{Orders} WHERE ExistingId IS NULL");
    }

    private (int Inserted, int Updated, int Unchanged) Apply(string t)
    {
        var o = $"temp.{Orders}";
        _sql.Execute($"CREATE TEMP TABLE {Touched} (Value INTEGER PRIMARY KEY)");
        _sql.Execute($"""
            INSERT OR IGNORE INTO temp.{Touched} (Value)
            SELECT CustomerId FROM {o} WHERE Action IN ('insert', 'update') UNION SELECT OldCustomerId FROM {o} WHERE Action = 'update'
            """);
        var updated = _sql.Execute($"""
            UPDATE main.Orders SET CustomerId = s.CustomerId, OrderedAt = s.OrderedAt, Channel = COALESCE(s.Channel, Orders.Channel), Total = s.Total
            FROM {o} s WHERE s.Action = 'update' AND Orders.Id = s.ExistingId
            """);
        _sql.Execute($"DELETE FROM main.OrderLines WHERE OrderId IN (SELECT ExistingId FROM {o} WHERE Action = 'update')");
        var inserted = StagedRows.InsertMany(_sql, "Orders", _sql.Scalar<long>($"SELECT COUNT(*) FROM {o} WHERE Action = 'insert'"), $"""
            INSERT INTO main.Orders (ExternalId, CustomerId, OrderedAt, Channel, Total)
            SELECT OrderId, CustomerId, OrderedAt, Channel, Total FROM {o} WHERE Action = 'insert' ORDER BY FirstLine
            """);
        _sql.Execute($"UPDATE {o} SET ExistingId = (SELECT n.Id FROM main.Orders n WHERE n.ExternalId = {o}.OrderId) WHERE Action = 'insert'");
        var lines = _sql.Scalar<long>($"SELECT COALESCE(SUM(LineCount), 0) FROM {o} WHERE Action IN ('insert', 'update')");
        StagedRows.InsertMany(_sql, "OrderLines", lines, $"""
            INSERT INTO main.OrderLines (OrderId, ProductId, Quantity, UnitPrice)
            SELECT s.ExistingId, l.ProductId, l.Quantity, l.UnitPrice
            FROM {t} l JOIN {o} s ON s.OrderId = l.OrderId WHERE s.Action IN ('insert', 'update') ORDER BY l.Line
            """);
        var unchanged = _sql.Scalar<int>($"SELECT COUNT(*) FROM {o} WHERE Action = 'same'");
        return (inserted, updated, unchanged);
    }

    public override void Dispose()
    {
        _table.Dispose();
        foreach (var table in new[] { Orders, Touched, RejectedOrders })
            _sql.Execute($"DROP TABLE IF EXISTS temp.{table}");
    }
}
