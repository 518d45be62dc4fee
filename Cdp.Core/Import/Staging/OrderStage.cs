namespace Cdp.Core.Import.Staging;

/// <summary>
/// Orders, one row per order line as shops export them: the order id repeats over its lines. An order is written
/// whole or not at all: when one of its lines is rejected, so are the others. Existing orders are compared line by
/// line and replaced only when something differs; unknown products are created from the line's name, category and
/// price; unknown customers are rejected, or created from the file's customer columns when asked.
/// </summary>
internal sealed class OrderStage : ReferenceStage
{
    private const string Lines = "ImportOrderLines";
    private const string Orders = "ImportOrders";
    private const string Touched = "ImportTouchedCustomers";
    private const string RejectedOrders = "ImportRejectedOrders";

    private static readonly StagedColumn[] Columns =
    [
        new("OrderId", "TEXT", "orderId"), new("ExternalId", "TEXT", "externalId"), new("Email", "TEXT COLLATE NOCASE", "email"),
        new("OrderedAt", "TEXT", "orderedAt"), new("Channel", "TEXT", "channel"), new("Sku", "TEXT", "sku"),
        new("ProductName", "TEXT", "productName"), new("Category", "TEXT", "category"), new("Quantity", "INTEGER", "quantity"),
        new("UnitPrice", "REAL", "unitPrice"), new("FirstName", "TEXT", "firstName"), new("LastName", "TEXT", "lastName"),
        new("Country", "TEXT", "country"), new("City", "TEXT", "city"), new("CustomerId", "INTEGER"), new("ProductId", "INTEGER"),
    ];

    private readonly int _orderSlot, _quantitySlot, _unitPriceSlot, _lineTotalSlot;
    private readonly Dictionary<string, long> _ordersWithRejectedLines = new(StringComparer.Ordinal);

    public OrderStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
        : base(sql, converter, options, now, Lines, Columns)
    {
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

    public override string? Check(ConvertedRow row) => CheckRow(row, Converter);

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
        var values = base.Prepare(row);
        var quantity = row.Fields[_quantitySlot] as int? ?? 1;
        var price = row.Fields[_unitPriceSlot] as decimal? ?? Math.Round((decimal)row.Fields[_lineTotalSlot]! / quantity, 4);
        // Some shops export a return as a positive quantity at a negative price; Cdp keeps returns as negative quantities.
        if (price < 0) (quantity, price) = (-Math.Abs(quantity), -price);
        values[Array.FindIndex(Columns, c => c.Column == "Quantity")] = quantity;
        values[Array.FindIndex(Columns, c => c.Column == "UnitPrice")] = price;
        return values;
    }

    public override MergeOutcome Merge(CancellationToken cancellationToken)
    {
        var t = Table.Name;
        var rejected = new List<(long, string)>();
        var created = new Dictionary<string, int>();
        Sql.Execute($"CREATE INDEX temp.IX_{Lines}_OrderId ON {Lines} (OrderId)");

        rejected.AddRange(RejectOrdersWithRejectedLines(t));
        rejected.AddRange(StagedRows.Reject(Sql, t,
            $"OrderId IN (SELECT OrderId FROM {t} GROUP BY OrderId HAVING COUNT(DISTINCT ExternalId) > 1 OR COUNT(DISTINCT Email) > 1)",
            "'order ' || OrderId || ' names more than one customer on its lines'"));
        FillFromOtherLines(t, ("externalId", "ExternalId"), ("email", "Email"), ("orderedAt", "OrderedAt"), ("channel", "Channel"));
        rejected.AddRange(StagedRows.Reject(Sql, t, "OrderedAt IS NULL", "'no order date on any line of order ' || OrderId"));
        cancellationToken.ThrowIfCancellationRequested();

        StagedCustomers.Resolve(Sql, t);
        if (Options.CreateMissingCustomers)
        {
            created["customers"] = CreateMissingCustomers(t);
            StagedCustomers.Resolve(Sql, t);
        }
        rejected.AddRange(StagedCustomers.RejectUnknown(Sql, t,
            Options.CreateMissingCustomers ? "" : " (import the customers first, or choose to create missing customers)"));
        cancellationToken.ThrowIfCancellationRequested();

        created["products"] = ResolveProducts(t);
        cancellationToken.ThrowIfCancellationRequested();

        StageOrders(t);
        if (Options.Mode == ImportMode.UpdateOnly)
            rejected.AddRange(StagedRows.Reject(Sql, t, $"OrderId IN (SELECT OrderId FROM temp.{Orders} WHERE ExistingId IS NULL)",
                "'no order ' || OrderId || ': update-only imports do not add orders'"));
        var counts = Apply(t);
        return new MergeOutcome(counts.Inserted, counts.Updated, counts.Unchanged, 0, rejected, created,
            TouchedCustomers: $"SELECT Value FROM temp.{Touched}");
    }

    /// <summary>An order is imported whole: lines of an order that had a line rejected while reading are rejected too.</summary>
    private List<(long, string)> RejectOrdersWithRejectedLines(string t)
    {
        if (_ordersWithRejectedLines.Count == 0) return [];
        Sql.Execute($"CREATE TEMP TABLE {RejectedOrders} (OrderId TEXT PRIMARY KEY, Line INTEGER)");
        foreach (var (orderId, line) in _ordersWithRejectedLines)
            Sql.Execute($"INSERT INTO temp.{RejectedOrders} VALUES ($order, $line)", ("$order", orderId), ("$line", line));
        return StagedRows.Reject(Sql, t, $"OrderId IN (SELECT OrderId FROM temp.{RejectedOrders})",
            $"'order ' || OrderId || ' is not imported: its line ' || (SELECT r.Line FROM temp.{RejectedOrders} r WHERE r.OrderId = {t}.OrderId) || ' was rejected'");
    }

    /// <summary>Shops often write the customer and date on an order's first line only: the other lines take them from it.</summary>
    private void FillFromOtherLines(string t, params (string Field, string Column)[] columns)
    {
        foreach (var (_, column) in columns.Where(c => Converter.MappedFields.Contains(c.Field)))
            Sql.Execute($"UPDATE {t} SET {column} = (SELECT MAX(e.{column}) FROM {t} e WHERE e.OrderId = {t}.OrderId) WHERE {column} IS NULL");
    }

    /// <summary>One customer per unknown id or e-mail, from the values of their first order's line.</summary>
    private int CreateMissingCustomers(string t) => Sql.Execute($"""
        INSERT INTO main.Customers (ExternalId, Email, FirstName, FirstNameKey, LastName, LastNameKey, Country, City, Gender, Interests,
            EmailOptIn, SignedUpAt, OrdersCount, TotalSpent, AverageOrderValue, UpdatedAt)
        SELECT ExternalId, Email, FirstName, cdp_fold(FirstName), LastName, cdp_fold(LastName), Country, City, 'Unknown', '[]',
            0, MIN(OrderedAt), 0, 0, 0, $now
        FROM {t} WHERE CustomerId IS NULL GROUP BY COALESCE(ExternalId, lower(Email)) ORDER BY MIN(Line)
        ON CONFLICT DO NOTHING
        """, ("$now", Now));

    /// <summary>Finds each line's product by SKU, creating the unknown ones from their last line. Returns how many were created.</summary>
    private int ResolveProducts(string t)
    {
        const string find = "(SELECT p.Id FROM main.Products p WHERE p.Sku = {0}.Sku)";
        Sql.Execute($"UPDATE {t} SET ProductId = {string.Format(find, t)}");
        // The bare columns of a query with one MAX() come from the row holding the maximum: here, the SKU's last line.
        var created = Sql.Execute($"""
            INSERT INTO main.Products (Sku, Name, Category, Price, Stock)
            SELECT Sku, Name, Category, Price, 0 FROM (
                SELECT Sku, COALESCE(ProductName, Sku) AS Name, Category, UnitPrice AS Price, MAX(Line)
                FROM {t} WHERE ProductId IS NULL GROUP BY Sku)
            ORDER BY Sku
            """);
        if (created > 0) Sql.Execute($"UPDATE {t} SET ProductId = {string.Format(find, t)} WHERE ProductId IS NULL");
        return created;
    }

    /// <summary>
    /// One row per order with its total and its lines written as text in a fixed order, so an order already stored
    /// compares as a whole: same customer, date, channel and lines means unchanged.
    /// </summary>
    private void StageOrders(string t)
    {
        const string signature = "group_concat({0}.ProductId || 'x' || {0}.Quantity || '@' || {0}.UnitPrice, ',' ORDER BY {0}.ProductId, {0}.Quantity, {0}.UnitPrice)";
        Sql.Execute($"""
            CREATE TEMP TABLE {Orders} (OrderId TEXT PRIMARY KEY, CustomerId INTEGER, OrderedAt TEXT, Channel TEXT, Total REAL,
                Signature TEXT, LineCount INTEGER, FirstLine INTEGER, ExistingId INTEGER, OldCustomerId INTEGER, Action TEXT)
            """);
        Sql.Execute($"""
            INSERT INTO temp.{Orders} (OrderId, CustomerId, OrderedAt, Channel, Total, Signature, LineCount, FirstLine)
            SELECT OrderId, MIN(CustomerId), MIN(OrderedAt), MAX(Channel), ROUND(SUM(Quantity * UnitPrice), 2), {string.Format(signature, "l")}, COUNT(*), MIN(Line)
            FROM {t} l GROUP BY OrderId
            """);
        Sql.Execute($"""
            UPDATE temp.{Orders} SET ExistingId = o.Id, OldCustomerId = o.CustomerId,
                Action = CASE WHEN o.CustomerId = {Orders}.CustomerId AND o.OrderedAt = {Orders}.OrderedAt
                    AND ({Orders}.Channel IS NULL OR {Orders}.Channel IS o.Channel)
                    AND {Orders}.Signature IS (SELECT {string.Format(signature, "e")} FROM main.OrderLines e WHERE e.OrderId = o.Id)
                    THEN 'same' ELSE 'update' END
            FROM main.Orders o WHERE o.ExternalId = {Orders}.OrderId
            """);
        var existing = Options.Mode == ImportMode.InsertOnly ? "'same'" : "Action";
        Sql.Execute($"UPDATE temp.{Orders} SET Action = CASE WHEN ExistingId IS NULL THEN 'insert' ELSE {existing} END");
        if (Options.Mode == ImportMode.UpdateOnly) Sql.Execute($"DELETE FROM temp.{Orders} WHERE ExistingId IS NULL");
    }

    private (int Inserted, int Updated, int Unchanged) Apply(string t)
    {
        var o = $"temp.{Orders}";
        Sql.Execute($"CREATE TEMP TABLE {Touched} (Value INTEGER PRIMARY KEY)");
        Sql.Execute($"""
            INSERT OR IGNORE INTO temp.{Touched} (Value)
            SELECT CustomerId FROM {o} WHERE Action IN ('insert', 'update') UNION SELECT OldCustomerId FROM {o} WHERE Action = 'update'
            """);
        var updated = Sql.Execute($"""
            UPDATE main.Orders SET CustomerId = s.CustomerId, OrderedAt = s.OrderedAt, Channel = COALESCE(s.Channel, Orders.Channel), Total = s.Total
            FROM {o} s WHERE s.Action = 'update' AND Orders.Id = s.ExistingId
            """);
        Sql.Execute($"DELETE FROM main.OrderLines WHERE OrderId IN (SELECT ExistingId FROM {o} WHERE Action = 'update')");
        var inserted = StagedRows.InsertMany(Sql, "Orders", Sql.Scalar<long>($"SELECT COUNT(*) FROM {o} WHERE Action = 'insert'"), null, $"""
            INSERT INTO main.Orders (ExternalId, CustomerId, OrderedAt, Channel, Total)
            SELECT OrderId, CustomerId, OrderedAt, Channel, Total FROM {o} WHERE Action = 'insert' ORDER BY FirstLine
            """);
        Sql.Execute($"UPDATE {o} SET ExistingId = (SELECT n.Id FROM main.Orders n WHERE n.ExternalId = {o}.OrderId) WHERE Action = 'insert'");
        var lines = Sql.Scalar<long>($"SELECT COALESCE(SUM(LineCount), 0) FROM {o} WHERE Action IN ('insert', 'update')");
        StagedRows.InsertMany(Sql, "OrderLines", lines, null, $"""
            INSERT INTO main.OrderLines (OrderId, ProductId, Quantity, UnitPrice)
            SELECT s.ExistingId, l.ProductId, l.Quantity, l.UnitPrice
            FROM {t} l JOIN {o} s ON s.OrderId = l.OrderId WHERE s.Action IN ('insert', 'update') ORDER BY l.Line
            """);
        var unchanged = Sql.Scalar<int>($"SELECT COUNT(*) FROM {o} WHERE Action = 'same'");
        return (inserted, updated, unchanged);
    }

    public override void Dispose()
    {
        base.Dispose();
        foreach (var table in new[] { Orders, Touched, RejectedOrders })
            Sql.Execute($"DROP TABLE IF EXISTS temp.{table}");
    }
}
