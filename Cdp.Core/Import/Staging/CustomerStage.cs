using System.Text.Json;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Import.Mapping;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cdp.Core.Import.Staging;

/// <summary>
/// Customers: upserted on the match key (e-mail or external id). An empty cell leaves the stored value as it
/// is; custom attributes are merged into the stored ones. In-file duplicates are merged into their last row.
/// </summary>
internal sealed class CustomerStage : UpsertStage
{
    /// <summary>Each field's columns, and how its value fills each of them.</summary>
    private static readonly Dictionary<string, FieldFill[]> FieldColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["externalId"] = FieldFill.As("ExternalId"),
        ["email"] = FieldFill.As("Email"),
        ["firstName"] = [new("FirstName", v => v), new("FirstNameKey", v => TextFolding.Fold((string)v))],
        ["lastName"] = [new("LastName", v => v), new("LastNameKey", v => TextFolding.Fold((string)v))],
        ["fullName"] =
        [
            new("FirstName", v => SplitName((string)v).First), new("FirstNameKey", v => TextFolding.Fold(SplitName((string)v).First)),
            new("LastName", v => SplitName((string)v).Last), new("LastNameKey", v => TextFolding.Fold(SplitName((string)v).Last)),
        ],
        ["gender"] = FieldFill.As("Gender"),
        ["birthDate"] = FieldFill.As("BirthDate"),
        ["income"] = FieldFill.As("Income"),
        ["maritalStatus"] = FieldFill.As("MaritalStatus", v => ((string)v).ToLowerInvariant()),
        ["occupation"] = FieldFill.As("Occupation"),
        ["education"] = FieldFill.As("Education"),
        ["country"] = FieldFill.As("Country"),
        ["region"] = FieldFill.As("Region"),
        ["city"] = FieldFill.As("City"),
        ["postalCode"] = FieldFill.As("PostalCode"),
        ["device"] = FieldFill.As("Device", v => ((string)v).ToLowerInvariant()),
        ["preferredChannel"] = FieldFill.As("PreferredChannel", v => ((string)v).ToLowerInvariant()),
        ["acquisitionSource"] = FieldFill.As("AcquisitionSource"),
        ["interests"] = FieldFill.As("Interests"),
        ["emailOptIn"] = FieldFill.As("EmailOptIn"),
        ["signedUpAt"] = FieldFill.As("SignedUpAt"),
        ["lastSeenAt"] = FieldFill.As("LastSeenAt"),
    };

    private readonly int _attributesColumn = -1;
    private readonly string? _otherUniqueColumn;
    private readonly int _otherIndex;
    /// <summary>E-mails and ids are compared exactly here, as the unique indexes compare them; case only makes false repeats.</summary>
    private readonly RepeatTracker _otherRepeats = new(ignoreCase: true);
    private readonly AttributesJson _attributesJson = new();

    public CustomerStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
        : base(sql, converter, options, now, TargetFor(sql, options), converter.HasAttributes ? [new StagingColumn("Attributes", "TEXT")] : null)
    {
        if (converter.HasAttributes) _attributesColumn = Table.Columns.Count - 2;   // before TargetId
        _otherUniqueColumn = options.Key == MatchKey.Email
            ? converter.MappedFields.Contains("externalId") ? "ExternalId" : null
            : converter.MappedFields.Contains("email") ? "Email" : null;
        _otherIndex = Table.Columns.ToList().FindIndex(c => c.Name == _otherUniqueColumn);
    }

    private static UpsertTarget TargetFor(SqlSession sql, ImportOptions options) => new(
        sql.Db.Model.FindEntityType(typeof(Customer))!,
        KeyColumn: options.Key == MatchKey.Email ? "Email" : "ExternalId",
        KeyCollation: options.Key == MatchKey.Email ? " COLLATE NOCASE" : "",
        KeyLabel: options.Key == MatchKey.Email ? "e-mail" : "customer id",
        Noun: "customer",
        FieldColumns,
        Defaults: new Dictionary<string, string>
        {
            ["Gender"] = "'Unknown'", ["Interests"] = "'[]'", ["EmailOptIn"] = "0", ["SignedUpAt"] = "$now",
            ["OrdersCount"] = "0", ["TotalSpent"] = "0", ["AverageOrderValue"] = "0", ["UpdatedAt"] = "$now",
        },
        UpdatedAtColumn: "UpdatedAt");

    public static string? CheckMapping(IReadOnlySet<string> mapped, ImportOptions options)
    {
        if (options.Key == MatchKey.Email && !mapped.Contains("email"))
            return "Map a column to E-mail: it is the match key. Or match on Customer id instead.";
        if (options.Key == MatchKey.ExternalId && !mapped.Contains("externalId"))
            return "Map a column to Customer id: it is the match key. Or match on e-mail instead.";
        if (mapped.Contains("fullName") && (mapped.Contains("firstName") || mapped.Contains("lastName")))
            return "Map either Full name or First and Last name, not both.";
        return null;
    }

    public override string? Check(ConvertedRow row) => CheckRow(row, Converter, Options);

    public static string? CheckRow(ConvertedRow row, RowConverter converter, ImportOptions options) => options.Key == MatchKey.Email
        ? row.Fields[converter.Slot("email")] is null ? "no e-mail: the e-mail identifies the customer" : null
        : row.Fields[converter.Slot("externalId")] is null ? "no customer id: the customer id identifies the customer" : null;

    public override void Stage(long line, object?[] values)
    {
        base.Stage(line, values);
        if (_otherIndex >= 0) _otherRepeats.Add(values[_otherIndex] as string);
    }

    public override object?[] Prepare(ConvertedRow row)
    {
        var values = base.Prepare(row);
        if (_attributesColumn >= 0 && row.Attributes.Count > 0)
            values[_attributesColumn] = _attributesJson.Write(row.Attributes);
        return values;
    }

    /// <summary>The other unique column (external id when matching on e-mail) must not name a different customer.</summary>
    protected override List<(long Line, string Message)> RejectConflicts(string t)
    {
        if (_otherUniqueColumn is null) return [];
        var other = SqlSession.Quote(_otherUniqueColumn);
        var label = _otherUniqueColumn == "Email" ? "e-mail" : "customer id";
        var conflicts = new List<(long Line, string Message)>();
        if (!TargetIsEmpty)
            conflicts.AddRange(Sql.Rejections($"""
                SELECT s.Line, '{label} ' || s.{other} || ' already belongs to another customer (' || COALESCE(c.Email, c.ExternalId) || ')'
                FROM {t} s JOIN main.Customers c ON c.{other} = s.{other}
                WHERE s.{other} IS NOT NULL AND (s.TargetId IS NULL OR s.TargetId <> c.Id)
                """));
        if (_otherRepeats.HasRepeats)
        {
            Sql.Execute($"CREATE INDEX temp.IX_ImportCustomers_Other ON ImportCustomers ({other})");
            conflicts.AddRange(Sql.Rejections($"""
                SELECT s.Line, '{label} ' || s.{other} || ' is also on line ' || MIN(e.Line) || ' for another customer'
                FROM {t} s JOIN {t} e ON e.{other} = s.{other}{(_otherUniqueColumn == "Email" ? " COLLATE NOCASE" : "")} AND e.Line < s.Line
                WHERE s.{other} IS NOT NULL GROUP BY s.Line
                """));
        }
        StagedRows.DeleteLines(Sql, t, conflicts.Select(r => r.Line));
        return conflicts;
    }

    /// <summary>Attributes are merged into the stored ones: a given attribute overwrites, the others stay.</summary>
    protected override IEnumerable<(string Set, string Differs)> ExtraUpdates()
    {
        if (_attributesColumn < 0) yield break;
        const string patched = "json_patch(COALESCE(Customers.Attributes, '{}'), s.Attributes)";
        yield return ($"Attributes = CASE WHEN s.Attributes IS NULL THEN Customers.Attributes ELSE {patched} END",
            $"(s.Attributes IS NOT NULL AND {patched} IS NOT COALESCE(Customers.Attributes, '{{}}'))");
    }

    protected override void AfterMerge() => RegisterAttributes();

    /// <summary>New attribute names are registered with the type they were imported as.</summary>
    private void RegisterAttributes()
    {
        foreach (var (name, type) in Converter.AttributeColumns)
            Sql.Execute("""
                INSERT INTO main.CustomAttributeDefinitions (Name, Type, UpdatedAt) VALUES ($name, $type, $now)
                ON CONFLICT (Name) DO UPDATE SET Type = excluded.Type, UpdatedAt = excluded.UpdatedAt
                """, ("$name", name), ("$type", type.ToString()), ("$now", Now));
    }

    internal static object? AttributeJson(object? value) => value switch
    {
        // 12.50 and 12.5 are the same number; as a double it is written the same way every time.
        decimal n => (double)n,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.TimeOfDay == TimeSpan.Zero
            ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private static (string? First, string? Last) SplitName(string name)
    {
        var at = name.LastIndexOf(' ');
        return at < 0 ? (name, null) : (name[..at].Trim(), name[(at + 1)..].Trim());
    }

}

/// <summary>
/// Writes a row's custom attributes as <see cref="JsonSerializer"/> writes them, through one reused writer: serializing a
/// dictionary per row was a tenth of the time of reading a customers file. Values of other types go to the serializer.
/// </summary>
internal sealed class AttributesJson
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public AttributesJson() => _writer = new Utf8JsonWriter(_buffer);

    public string Write(Dictionary<string, object?> attributes)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        foreach (var (name, raw) in attributes)
        {
            _writer.WritePropertyName(name);
            switch (CustomerStage.AttributeJson(raw))
            {
                case null: _writer.WriteNullValue(); break;
                case string s: _writer.WriteStringValue(s); break;
                case double d: _writer.WriteNumberValue(d); break;
                case bool b: _writer.WriteBooleanValue(b); break;
                case int n: _writer.WriteNumberValue(n); break;
                case long n: _writer.WriteNumberValue(n); break;
                default: return JsonSerializer.Serialize(attributes.ToDictionary(a => a.Key, a => CustomerStage.AttributeJson(a.Value)));
            }
        }
        _writer.WriteEndObject();
        _writer.Flush();
        return System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
