using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cdp.Core.Import.Staging;

/// <summary>How one import field fills the target table's columns: a field may fill several (a name and its search key).</summary>
internal sealed record FieldFill(string Column, Func<object, object?> Value)
{
    public static FieldFill[] As(string column, Func<object, object?>? value = null) => [new(column, value ?? (v => v))];
}

/// <summary>What an upsert targets: the table, its match key and the fields' columns.</summary>
/// <param name="KeyCollation">SQL collation clause for the key (" COLLATE NOCASE"), or "".</param>
/// <param name="Defaults">SQL value of each column a new record must have when the file does not give it.</param>
/// <param name="UpdatedAtColumn">Column stamped with the import's time when a record changes, or null.</param>
internal sealed record UpsertTarget(
    IEntityType Entity, string KeyColumn, string KeyCollation, string KeyLabel, string Noun,
    IReadOnlyDictionary<string, FieldFill[]> Fields, IReadOnlyDictionary<string, string> Defaults, string? UpdatedAtColumn = null)
{
    public string Table => Entity.GetTableName()!;
}

/// <summary>
/// Records upserted on one key column (customers on e-mail or id, products on SKU). An empty cell leaves the stored
/// value as it is; in-file duplicates are merged into their last row; only records that differ are updated (and counted).
/// </summary>
internal abstract class UpsertStage : ImportStage
{
    private readonly (int Slot, int Column, Func<object, object?> Value)[] _fills;
    private readonly int _keyIndex;
    private readonly RepeatTracker _keyRepeats;

    protected UpsertStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now, UpsertTarget target,
        IReadOnlyList<StagingColumn>? extraColumns = null)
    {
        Sql = sql;
        Converter = converter;
        Options = options;
        Now = now;
        Target = target;

        var columns = new List<StagingColumn>();
        var fills = new List<(int, int, Func<object, object?>)>();
        foreach (var key in converter.MappedFields)
        {
            foreach (var (column, value) in target.Fields[key])
            {
                var index = columns.FindIndex(c => c.Name == column);
                if (index < 0)
                {
                    index = columns.Count;
                    columns.Add(StagingColumn.Like(target.Entity.FindProperty(column)!));
                }
                fills.Add((converter.Slot(key), index, value));
            }
        }
        columns.AddRange(extraColumns ?? []);
        columns.Add(new StagingColumn("TargetId", "INTEGER"));
        _fills = [.. fills];
        Table = new StagingTable(sql, StageName, columns);
        _keyIndex = columns.FindIndex(c => c.Name == target.KeyColumn);
        _keyRepeats = new RepeatTracker(ignoreCase: target.KeyCollation.Length > 0);
    }

    protected SqlSession Sql { get; }
    protected RowConverter Converter { get; }
    protected ImportOptions Options { get; }
    protected DateTime Now { get; }
    protected UpsertTarget Target { get; }
    protected StagingTable Table { get; }
    private string StageName => "Import" + Target.Table;

    /// <summary>Whether the table had no records before the merge (a first import): nothing can match or conflict.</summary>
    protected bool TargetIsEmpty { get; private set; }

    public override object?[] Prepare(ConvertedRow row)
    {
        var values = new object?[Table.Columns.Count];
        foreach (var (slot, column, value) in _fills)
            if (row.Fields[slot] is { } field) values[column] = value(field);
        return values;
    }

    public override void Stage(long line, object?[] values)
    {
        Table.Insert(line, values);
        _keyRepeats.Add(values[_keyIndex] as string);
    }

    public override MergeOutcome Merge(CancellationToken cancellationToken)
    {
        var t = Table.Name;
        var key = SqlSession.Quote(Target.KeyColumn);
        var rejected = new List<(long, string)>();
        var merged = _keyRepeats.HasRepeats ? MergeDuplicates(t, key) : 0;
        cancellationToken.ThrowIfCancellationRequested();

        TargetIsEmpty = !Sql.Scalar<bool>($"SELECT EXISTS (SELECT 1 FROM main.{Target.Table})");
        if (!TargetIsEmpty) Sql.Execute($"UPDATE {t} SET TargetId = (SELECT r.Id FROM main.{Target.Table} r WHERE r.{key} = {t}.{key})");
        rejected.AddRange(RejectConflicts(t));

        var unchanged = 0;
        if (Options.Mode == ImportMode.InsertOnly)
            unchanged += Sql.Execute($"DELETE FROM {t} WHERE TargetId IS NOT NULL");
        if (Options.Mode == ImportMode.UpdateOnly)
            rejected.AddRange(StagedRows.Reject(Sql, t, "TargetId IS NULL",
                $"'no {Target.Noun} with this {Target.KeyLabel}: update-only imports do not add {Target.Noun}s'"));
        cancellationToken.ThrowIfCancellationRequested();

        var matched = TargetIsEmpty ? 0 : Sql.Scalar<int>($"SELECT COUNT(*) FROM {t} WHERE TargetId IS NOT NULL");
        var updated = matched == 0 ? 0 : Update(t);
        cancellationToken.ThrowIfCancellationRequested();
        var inserted = Insert(t);
        AfterMerge();
        return new MergeOutcome(inserted, updated, unchanged + matched - updated, merged, rejected, new Dictionary<string, int>());
    }

    /// <summary>Staged rows to refuse before anything is written (another record's unique value, say); they are removed from the stage.</summary>
    protected virtual List<(long Line, string Message)> RejectConflicts(string t) => [];

    /// <summary>Extra SET clauses of the update, each with the condition under which it changes the record.</summary>
    protected virtual IEnumerable<(string Set, string Differs)> ExtraUpdates() => [];

    protected virtual void AfterMerge()
    {
    }

    /// <summary>Rows whose key came earlier in the file are merged into the last one: its empty cells take the latest earlier value.</summary>
    private int MergeDuplicates(string t, string key)
    {
        var collate = Target.KeyCollation;
        Sql.Execute($"CREATE INDEX temp.IX_{StageName}_Key ON {SqlSession.Quote(StageName)} ({key}{collate})");
        if (Sql.Scalar<int>($"SELECT COUNT(*) FROM (SELECT 1 FROM {t} GROUP BY {key}{collate} HAVING COUNT(*) > 1)") == 0) return 0;
        var lasts = $"SELECT MAX(Line) FROM {t} GROUP BY {key}{collate} HAVING COUNT(*) > 1";
        foreach (var column in Table.Columns.Where(c => c.Name != "TargetId"))
        {
            var c = SqlSession.Quote(column.Name);
            Sql.Execute($"""
                UPDATE {t} SET {c} = (SELECT e.{c} FROM {t} e WHERE e.{key} = {t}.{key}{collate} AND e.Line < {t}.Line AND e.{c} IS NOT NULL ORDER BY e.Line DESC LIMIT 1)
                WHERE {c} IS NULL AND Line IN ({lasts})
                """);
        }
        return Sql.Execute($"DELETE FROM {t} WHERE Line NOT IN (SELECT MAX(Line) FROM {t} GROUP BY {key}{collate})");
    }

    /// <summary>Given cells overwrite, empty cells keep what is stored; only rows that differ are touched (and counted).</summary>
    private int Update(string t)
    {
        var table = Target.Table;
        var columns = DataColumns().Select(SqlSession.Quote).ToList();
        var changes = columns.Select(c => (Set: $"{c} = COALESCE(s.{c}, {table}.{c})", Differs: $"(s.{c} IS NOT NULL AND s.{c} IS NOT {table}.{c})"))
            .Concat(ExtraUpdates()).ToList();
        if (changes.Count == 0) return 0;
        var set = changes.Select(c => c.Set).ToList();
        if (Target.UpdatedAtColumn is { } updatedAt) set.Add($"{SqlSession.Quote(updatedAt)} = $now");
        return Sql.Execute($"""
            UPDATE main.{table} SET {string.Join(", ", set)}
            FROM {t} s WHERE s.TargetId = {table}.Id AND ({string.Join(" OR ", changes.Select(c => c.Differs))})
            """, ("$now", Now));
    }

    /// <summary>New records get the staged values, and defaults for what the file does not say.</summary>
    private int Insert(string t)
    {
        var staged = Table.Columns.Select(c => c.Name).Where(n => n != "TargetId").ToList();
        var defaults = Target.Defaults;
        var columns = staged.Concat(defaults.Keys.Where(d => !staged.Contains(d))).ToList();
        var values = columns.Select(c => !staged.Contains(c) ? defaults[c]
            : defaults.TryGetValue(c, out var fallback) ? $"COALESCE({SqlSession.Quote(c)}, {fallback})" : SqlSession.Quote(c));
        var adding = Sql.Scalar<long>($"SELECT COUNT(*) FROM {t} WHERE TargetId IS NULL");
        return StagedRows.InsertMany(Sql, Target.Table, adding, staged.ToHashSet(), $"""
            INSERT INTO main.{Target.Table} ({string.Join(", ", columns.Select(SqlSession.Quote))})
            SELECT {string.Join(", ", values)} FROM {t} WHERE TargetId IS NULL ORDER BY Line
            """, ("$now", Now));
    }

    /// <summary>Staged columns that hold the fields' values (unquoted); extra columns are the subclass's to handle.</summary>
    private IEnumerable<string> DataColumns() =>
        Table.Columns.Select(c => c.Name).Where(n => n != "TargetId" && Target.Fields.Values.Any(f => f.Any(x => x.Column == n)));

    public override void Dispose() => Table.Dispose();
}

/// <summary>SQL over staged rows shared by the stages.</summary>
internal static class StagedRows
{
    /// <summary>Reports the staged rows matching <paramref name="where"/> with the message SQL gives, and removes them from the stage.</summary>
    public static List<(long Line, string Message)> Reject(SqlSession sql, string t, string where, string messageSql)
    {
        var rows = sql.Rejections($"SELECT Line, {messageSql} FROM {t} WHERE {where}");
        if (rows.Count > 0) sql.Execute($"DELETE FROM {t} WHERE {where}");
        return rows;
    }

    /// <summary>
    /// Runs an INSERT of <paramref name="adding"/> rows into <paramref name="table"/>. When they are many compared with
    /// the table (a first big import), its secondary indexes are dropped and rebuilt once afterwards: building an index
    /// from sorted data is several times faster than updating it row by row. Unique indexes stay, and keep checking;
    /// so do indexes on none of the <paramref name="varyingColumns"/> (all columns vary when null).
    /// </summary>
    public static int InsertMany(SqlSession sql, string table, long adding, IReadOnlySet<string>? varyingColumns, string insert,
        params (string Name, object? Value)[] parameters)
    {
        var bulk = adding >= BulkThreshold && adding >= sql.Scalar<long>($"SELECT COUNT(*) FROM main.{table}") / 2;
        if (!bulk) return sql.Execute(insert, parameters);
        var rebuild = BulkLoad.DropSecondaryIndexesAsync(sql.Db, [table], CancellationToken.None, varyingColumns).GetAwaiter().GetResult();
        var inserted = sql.Execute(insert, parameters);
        BulkLoad.RebuildIndexesAsync(sql.Db, rebuild, CancellationToken.None).GetAwaiter().GetResult();
        return inserted;
    }

    private const int BulkThreshold = 50_000;

    public static void DeleteLines(SqlSession sql, string t, IEnumerable<long> lines)
    {
        foreach (var chunk in lines.Chunk(500))
            sql.Execute($"DELETE FROM {t} WHERE Line IN ({string.Join(",", chunk)})");
    }
}
