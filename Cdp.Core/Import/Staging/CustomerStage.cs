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
internal sealed class CustomerStage : ImportStage
{
    private const string StageName = "ImportCustomers";

    /// <summary>Each field's columns, and how its value fills each of them.</summary>
    private static readonly Dictionary<string, (string Column, Func<object, object?> Value)[]> FieldColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["externalId"] = [("ExternalId", v => v)],
        ["email"] = [("Email", v => v)],
        ["firstName"] = [("FirstName", v => v), ("FirstNameKey", v => TextFolding.Fold((string)v))],
        ["lastName"] = [("LastName", v => v), ("LastNameKey", v => TextFolding.Fold((string)v))],
        ["fullName"] =
        [
            ("FirstName", v => SplitName((string)v).First), ("FirstNameKey", v => TextFolding.Fold(SplitName((string)v).First)),
            ("LastName", v => SplitName((string)v).Last), ("LastNameKey", v => TextFolding.Fold(SplitName((string)v).Last)),
        ],
        ["gender"] = [("Gender", v => v)],
        ["birthDate"] = [("BirthDate", v => v)],
        ["income"] = [("Income", v => v)],
        ["maritalStatus"] = [("MaritalStatus", v => ((string)v).ToLowerInvariant())],
        ["occupation"] = [("Occupation", v => v)],
        ["education"] = [("Education", v => v)],
        ["country"] = [("Country", v => v)],
        ["region"] = [("Region", v => v)],
        ["city"] = [("City", v => v)],
        ["postalCode"] = [("PostalCode", v => v)],
        ["device"] = [("Device", v => ((string)v).ToLowerInvariant())],
        ["preferredChannel"] = [("PreferredChannel", v => ((string)v).ToLowerInvariant())],
        ["acquisitionSource"] = [("AcquisitionSource", v => v)],
        ["interests"] = [("Interests", v => v)],
        ["emailOptIn"] = [("EmailOptIn", v => v)],
        ["signedUpAt"] = [("SignedUpAt", v => v)],
        ["lastSeenAt"] = [("LastSeenAt", v => v)],
    };

    private readonly SqlSession _sql;
    private readonly RowConverter _converter;
    private readonly ImportOptions _options;
    private readonly DateTime _now;
    private readonly StagingTable _table;
    private readonly (int Slot, int Column, Func<object, object?> Value)[] _fills;
    private readonly int _attributesColumn = -1;
    private readonly string _keyColumn;
    private readonly string? _otherUniqueColumn;
    private readonly string _keyLabel;

    public CustomerStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now)
    {
        _sql = sql;
        _converter = converter;
        _options = options;
        _now = now;
        var entity = sql.Db.Model.FindEntityType(typeof(Customer))!;

        var columns = new List<StagingColumn>();
        var fills = new List<(int, int, Func<object, object?>)>();
        foreach (var key in converter.MappedFields)
        {
            foreach (var (column, value) in FieldColumns[key])
            {
                var index = columns.FindIndex(c => c.Name == column);
                if (index < 0)
                {
                    index = columns.Count;
                    columns.Add(StagingColumn.Like(entity.FindProperty(column)!));
                }
                fills.Add((converter.Slot(key), index, value));
            }
        }
        if (converter.HasAttributes)
        {
            _attributesColumn = columns.Count;
            columns.Add(new StagingColumn("Attributes", "TEXT"));
        }
        columns.Add(new StagingColumn("TargetId", "INTEGER"));
        _fills = [.. fills];
        _table = new StagingTable(sql, StageName, columns);

        (_keyColumn, _otherUniqueColumn, _keyLabel) = options.Key == MatchKey.Email
            ? ("Email", converter.MappedFields.Contains("externalId") ? "ExternalId" : null, "e-mail")
            : ("ExternalId", converter.MappedFields.Contains("email") ? "Email" : null, "customer id");
    }

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

    public override string? Check(ConvertedRow row) => CheckRow(row, _converter, _options);

    public static string? CheckRow(ConvertedRow row, RowConverter converter, ImportOptions options) => options.Key == MatchKey.Email
        ? row.Fields[converter.Slot("email")] is null ? "no e-mail: the e-mail identifies the customer" : null
        : row.Fields[converter.Slot("externalId")] is null ? "no customer id: the customer id identifies the customer" : null;

    public override object?[] Prepare(ConvertedRow row)
    {
        var values = new object?[_table.Columns.Count];
        foreach (var (slot, column, value) in _fills)
            if (row.Fields[slot] is { } field) values[column] = value(field);
        if (_attributesColumn >= 0 && row.Attributes.Count > 0)
            values[_attributesColumn] = JsonSerializer.Serialize(row.Attributes.ToDictionary(a => a.Key, a => AttributeJson(a.Value)));
        return values;
    }

    public override void Stage(long line, object?[] values) => _table.Insert(line, values);

    public override MergeOutcome Merge(CancellationToken cancellationToken)
    {
        var t = _table.Name;
        var key = SqlSession.Quote(_keyColumn);
        var collate = _keyColumn == "Email" ? " COLLATE NOCASE" : "";
        var rejected = new List<(long, string)>();
        _sql.Execute($"CREATE INDEX temp.IX_{StageName}_Key ON {StageName} ({key}{collate})");

        var merged = MergeDuplicates(t, key, collate);
        cancellationToken.ThrowIfCancellationRequested();

        _sql.Execute($"UPDATE {t} SET TargetId = (SELECT c.Id FROM main.Customers c WHERE c.{key} = {t}.{key})");
        if (_otherUniqueColumn is { } other)
        {
            _sql.Execute($"CREATE INDEX temp.IX_{StageName}_Other ON {StageName} ({SqlSession.Quote(other)})");
            rejected.AddRange(RejectConflicts(t, SqlSession.Quote(other)));
        }

        var unchanged = 0;
        if (_options.Mode == ImportMode.InsertOnly)
            unchanged += _sql.Execute($"DELETE FROM {t} WHERE TargetId IS NOT NULL");
        if (_options.Mode == ImportMode.UpdateOnly)
            rejected.AddRange(Reject(t, "TargetId IS NULL",
                $"'no customer with this {_keyLabel}: update-only imports do not add customers'"));
        cancellationToken.ThrowIfCancellationRequested();

        var matched = _sql.Scalar<int>($"SELECT COUNT(*) FROM {t} WHERE TargetId IS NOT NULL");
        var updated = Update(t);
        cancellationToken.ThrowIfCancellationRequested();
        var inserted = Insert(t);
        RegisterAttributes();
        return new MergeOutcome(inserted, updated, unchanged + matched - updated, merged, rejected, new Dictionary<string, int>());
    }

    /// <summary>Rows whose key came earlier in the file are merged into the last one: its empty cells take the latest earlier value.</summary>
    private int MergeDuplicates(string t, string key, string collate)
    {
        if (_sql.Scalar<int>($"SELECT COUNT(*) FROM (SELECT 1 FROM {t} GROUP BY {key}{collate} HAVING COUNT(*) > 1)") == 0) return 0;
        var lasts = $"SELECT MAX(Line) FROM {t} GROUP BY {key}{collate} HAVING COUNT(*) > 1";
        foreach (var column in _table.Columns.Where(c => c.Name != "TargetId"))
        {
            var c = SqlSession.Quote(column.Name);
            _sql.Execute($"""
                UPDATE {t} SET {c} = (SELECT e.{c} FROM {t} e WHERE e.{key} = {t}.{key}{collate} AND e.Line < {t}.Line AND e.{c} IS NOT NULL ORDER BY e.Line DESC LIMIT 1)
                WHERE {c} IS NULL AND Line IN ({lasts})
                """);
        }
        return _sql.Execute($"DELETE FROM {t} WHERE Line NOT IN (SELECT MAX(Line) FROM {t} GROUP BY {key}{collate})");
    }

    /// <summary>The other unique column (external id when matching on e-mail) must not name a different customer.</summary>
    private List<(long, string)> RejectConflicts(string t, string other)
    {
        var label = other.Contains("Email") ? "e-mail" : "customer id";
        var conflicts = _sql.Rejections($"""
            SELECT s.Line, '{label} ' || s.{other} || ' already belongs to another customer (' || COALESCE(c.Email, c.ExternalId) || ')'
            FROM {t} s JOIN main.Customers c ON c.{other} = s.{other}
            WHERE s.{other} IS NOT NULL AND (s.TargetId IS NULL OR s.TargetId <> c.Id)
            UNION ALL
            SELECT s.Line, '{label} ' || s.{other} || ' is also on line ' || MIN(e.Line) || ' for another customer'
            FROM {t} s JOIN {t} e ON e.{other} = s.{other} AND e.Line < s.Line
            WHERE s.{other} IS NOT NULL GROUP BY s.Line
            """);
        DeleteLines(t, conflicts.Select(r => r.Line));
        return conflicts;
    }

    private List<(long, string)> Reject(string t, string where, string messageSql)
    {
        var rows = _sql.Rejections($"SELECT Line, {messageSql} FROM {t} WHERE {where}");
        _sql.Execute($"DELETE FROM {t} WHERE {where}");
        return rows;
    }

    private void DeleteLines(string t, IEnumerable<long> lines)
    {
        foreach (var chunk in lines.Chunk(500))
            _sql.Execute($"DELETE FROM {t} WHERE Line IN ({string.Join(",", chunk)})");
    }

    /// <summary>Given cells overwrite, empty cells keep what is stored; only rows that differ are touched (and counted).</summary>
    private int Update(string t)
    {
        var columns = DataColumns().Select(SqlSession.Quote).ToList();
        if (columns.Count == 0 && _attributesColumn < 0) return 0;
        var set = columns.Select(c => $"{c} = COALESCE(s.{c}, Customers.{c})").ToList();
        var differs = columns.Select(c => $"(s.{c} IS NOT NULL AND s.{c} IS NOT Customers.{c})").ToList();
        if (_attributesColumn >= 0)
        {
            const string patched = "json_patch(COALESCE(Customers.Attributes, '{}'), s.Attributes)";
            set.Add($"Attributes = CASE WHEN s.Attributes IS NULL THEN Customers.Attributes ELSE {patched} END");
            differs.Add($"(s.Attributes IS NOT NULL AND {patched} IS NOT COALESCE(Customers.Attributes, '{{}}'))");
        }
        set.Add("UpdatedAt = $now");
        return _sql.Execute($"""
            UPDATE main.Customers SET {string.Join(", ", set)}
            FROM {t} s WHERE s.TargetId = Customers.Id AND ({string.Join(" OR ", differs)})
            """, ("$now", _now));
    }

    /// <summary>New customers get the staged values, and defaults for what the file does not say.</summary>
    private int Insert(string t)
    {
        var staged = DataColumns().ToList();
        if (_attributesColumn >= 0) staged.Add("Attributes");
        var defaults = new Dictionary<string, string>
        {
            ["Gender"] = "'Unknown'", ["Interests"] = "'[]'", ["EmailOptIn"] = "0", ["SignedUpAt"] = "$now",
            ["OrdersCount"] = "0", ["TotalSpent"] = "0", ["AverageOrderValue"] = "0", ["UpdatedAt"] = "$now",
        };
        var columns = staged.Concat(defaults.Keys.Where(d => !staged.Contains(d))).ToList();
        var values = columns.Select(c => !staged.Contains(c) ? defaults[c]
            : defaults.TryGetValue(c, out var fallback) ? $"COALESCE({SqlSession.Quote(c)}, {fallback})" : SqlSession.Quote(c));
        return _sql.Execute($"""
            INSERT INTO main.Customers ({string.Join(", ", columns.Select(SqlSession.Quote))})
            SELECT {string.Join(", ", values)} FROM {t} WHERE TargetId IS NULL ORDER BY Line
            """, ("$now", _now));
    }

    /// <summary>Staged columns holding customer data (unquoted).</summary>
    private IEnumerable<string> DataColumns() =>
        _table.Columns.Select(c => c.Name).Where(n => n is not ("TargetId" or "Attributes"));

    /// <summary>New attribute names are registered with the type they were imported as.</summary>
    private void RegisterAttributes()
    {
        foreach (var (name, type) in _converter.AttributeColumns)
            _sql.Execute("""
                INSERT INTO main.CustomAttributeDefinitions (Name, Type, UpdatedAt) VALUES ($name, $type, $now)
                ON CONFLICT (Name) DO UPDATE SET Type = excluded.Type, UpdatedAt = excluded.UpdatedAt
                """, ("$name", name), ("$type", type.ToString()), ("$now", _now));
    }

    private static object? AttributeJson(object? value) => value switch
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

    public override void Dispose() => _table.Dispose();
}
