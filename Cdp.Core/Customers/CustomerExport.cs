using System.Globalization;
using System.Text.Json;
using Cdp.Core.Data;
using Cdp.Core.Import;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Customers;

/// <summary>
/// Writes customers as CSV that opens safely in spreadsheets and imports back unchanged: the headers are the
/// ones the customer import recognises, values are written as the import reads them (ISO 8601 dates, invariant
/// numbers, true/false), custom attributes follow as <c>attr.&lt;name&gt;</c> columns, and the computed metrics
/// come last (the import ignores them).
/// </summary>
public sealed class CustomerExport(IDbContextFactory<CdpDbContext> dbFactory)
{
    /// <summary>Headers of the computed metrics, which the import recognises and ignores.</summary>
    public static readonly IReadOnlyList<string> MetricHeaders = ["Orders count", "Total spent", "Average order value", "First order", "Last order"];

    // Every importable customer field (the full-name field is only a way in: first and last name go out).
    private static readonly (string Key, Action<CsvWriter, Customer> Write)[] Fields =
    [
        ("externalId", (w, c) => WriteText(w, c.ExternalId)),
        ("email", (w, c) => WriteText(w, c.Email)),
        ("firstName", (w, c) => WriteText(w, c.FirstName)),
        ("lastName", (w, c) => WriteText(w, c.LastName)),
        // Unknown is left empty: an empty cell keeps what is stored when the file is imported again.
        ("gender", (w, c) => WriteText(w, c.Gender == Gender.Unknown ? null : c.Gender.ToString().ToLowerInvariant())),
        ("birthDate", (w, c) => w.WriteField(c.BirthDate, "yyyy-MM-dd")),
        ("income", (w, c) => w.WriteField(c.Income, "")),
        ("maritalStatus", (w, c) => WriteText(w, c.MaritalStatus)),
        ("occupation", (w, c) => WriteText(w, c.Occupation)),
        ("education", (w, c) => WriteText(w, c.Education)),
        ("country", (w, c) => WriteText(w, c.Country)),
        ("region", (w, c) => WriteText(w, c.Region)),
        ("city", (w, c) => WriteText(w, c.City)),
        ("postalCode", (w, c) => WriteText(w, c.PostalCode)),
        ("device", (w, c) => WriteText(w, c.Device)),
        ("preferredChannel", (w, c) => WriteText(w, c.PreferredChannel)),
        ("acquisitionSource", (w, c) => WriteText(w, c.AcquisitionSource)),
        ("interests", (w, c) => WriteText(w, c.Interests.Count == 0 ? null : string.Join("; ", c.Interests))),
        ("emailOptIn", (w, c) => w.WriteField(c.EmailOptIn)),
        ("signedUpAt", (w, c) => WriteDateTime(w, c.SignedUpAt)),
        ("lastSeenAt", (w, c) => WriteDateTime(w, c.LastSeenAt)),
    ];

    /// <summary>The header of each customer field column, in order.</summary>
    public static IReadOnlyList<string> FieldHeaders { get; } =
        Fields.Select(f => ImportFields.Find(ImportKind.Customers, f.Key)!.Label).ToList();

    /// <summary>
    /// Writes the customers <paramref name="query"/> selects (search and column filters; all customers when null),
    /// in its sort order, to <paramref name="destination"/> as UTF-8 CSV with a byte order mark. Rows are streamed
    /// from the database, so memory stays flat whatever the number of customers. The stream is left open.
    /// </summary>
    /// <returns>The number of customers written.</returns>
    /// <exception cref="ArgumentException">A filter names an unknown column or has a value of the wrong type; nothing was written.</exception>
    public async Task<int> WriteAsync(Stream destination, CustomerListQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new CustomerListQuery();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = CustomerListColumns.Sort(CustomerDirectory.Filtered(db.Customers.AsNoTracking(), query), query.SortBy, query.Descending);
        return await WriteAsync(destination, db, customers, cancellationToken);
    }

    /// <summary>Writes the given customers of <paramref name="db"/> (e.g. a segment's), streamed, in the query's order.</summary>
    public static async Task<int> WriteAsync(Stream destination, CdpDbContext db, IQueryable<Customer> customers, CancellationToken cancellationToken)
    {
        var attributes = await AttributeNamesAsync(db, cancellationToken);

        await using var writer = CsvWriter.Create(destination, new CsvWriterOptions
        {
            // A cell starting with = + - @ tab or CR gets an apostrophe: spreadsheets show it as text rather than run
            // it, and the import removes the apostrophe again (CellText.Clean).
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
            TrueValue = "true",
            FalseValue = "false",
            FormatProvider = CultureInfo.InvariantCulture,
        }, leaveOpen: true);

        foreach (var header in FieldHeaders) writer.WriteField(header);
        foreach (var name in attributes) writer.WriteField(ColumnMapper.AttributePrefix + name);
        foreach (var header in MetricHeaders) writer.WriteField(header);
        await writer.EndRecordAsync(cancellationToken);

        var count = 0;
        await foreach (var customer in customers.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var (_, write) in Fields) write(writer, customer);
            if (attributes.Count > 0)
            {
                var values = CustomAttributes.Parse(customer.Attributes);
                foreach (var name in attributes) WriteAttribute(writer, values.TryGetValue(name, out var value) ? value : null);
            }
            writer.WriteField(customer.OrdersCount);
            writer.WriteField(customer.TotalSpent);
            writer.WriteField(customer.AverageOrderValue);
            WriteDateTime(writer, customer.FirstOrderAt);
            WriteDateTime(writer, customer.LastOrderAt);
            await writer.EndRecordAsync(cancellationToken);
            count++;
        }
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// The registered attributes, and any others stored on customers (data written by other means than an import
    /// or the demo seeder), each once, in name order: an export never drops a stored value.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AttributeNamesAsync(CdpDbContext db, CancellationToken cancellationToken)
    {
        var registered = await db.CustomAttributeDefinitions.AsNoTracking().Select(a => a.Name).ToListAsync(cancellationToken);
        const string stored = "SELECT DISTINCT j.key AS Value FROM Customers c, json_each(c.Attributes) j WHERE c.Attributes IS NOT NULL";
        var found = await db.Database.SqlQueryRaw<string>(stored).ToListAsync(cancellationToken);
        return registered.Concat(found).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static void WriteAttribute(CsvWriter writer, JsonElement? value)
    {
        switch (value?.ValueKind)
        {
            case JsonValueKind.True: writer.WriteField(true); break;
            case JsonValueKind.False: writer.WriteField(false); break;
            // Written as a number, so that a negative one is not mistaken for a formula.
            case JsonValueKind.Number when value.Value.TryGetDecimal(out var number): writer.WriteField(number); break;
            case JsonValueKind.Number: writer.WriteField(value.Value.GetRawText()); break;
            case JsonValueKind.String: WriteText(writer, value.Value.GetString()); break;
            case null or JsonValueKind.Null or JsonValueKind.Undefined: writer.WriteField((string?)null); break;
            default: WriteText(writer, value.Value.GetRawText()); break;
        }
    }

    /// <summary>
    /// Text as it is, except that a value which itself starts with apostrophes before a formula character ('=x)
    /// gets one more: the import removes one apostrophe from such a cell (CellText.Clean), so it reads the value
    /// back exactly.
    /// </summary>
    private static void WriteText(CsvWriter writer, string? text)
    {
        if (text is not null && CellText.IsNeutralisedFormula(text)) text = "'" + text;
        writer.WriteField(text);
    }

    /// <summary>Dates and times are stored in UTC: written in ISO 8601 with every digit and a Z, so they import back exactly.</summary>
    private static void WriteDateTime(CsvWriter writer, DateTime? value)
    {
        if (value is { } v) writer.WriteField(DateTime.SpecifyKind(v, DateTimeKind.Utc), "O");
        else writer.WriteField((string?)null);
    }
}
