namespace Cdp.Core.Import.Staging;

/// <summary>A column staged by a <see cref="ReferenceStage"/>, and the field that fills it (null: filled by the merge).</summary>
internal sealed record StagedColumn(string Column, string SqlType, string? Field = null);

/// <summary>
/// Stages rows that refer to other records (order lines, favourites) into a table of fixed columns; the merge
/// resolves the references in SQL.
/// </summary>
internal abstract class ReferenceStage : ImportStage
{
    private readonly int _width;
    private readonly (int Column, int Slot)[] _fills;

    protected ReferenceStage(SqlSession sql, RowConverter converter, ImportOptions options, DateTime now, string name, IReadOnlyList<StagedColumn> columns)
    {
        Sql = sql;
        Converter = converter;
        Options = options;
        Now = now;
        _width = columns.Count;
        Table = new StagingTable(sql, name, [.. columns.Select(c => new StagingColumn(c.Column, c.SqlType))]);
        _fills = [.. columns.Select((c, i) => (Column: i, Slot: c.Field is { } f && converter.MappedFields.Contains(f) ? converter.Slot(f) : -1))
            .Where(x => x.Slot >= 0)];
    }

    protected SqlSession Sql { get; }
    protected RowConverter Converter { get; }
    protected ImportOptions Options { get; }
    protected DateTime Now { get; }
    protected StagingTable Table { get; }

    public override object?[] Prepare(ConvertedRow row)
    {
        var values = new object?[_width];
        foreach (var (column, slot) in _fills) values[column] = row.Fields[slot];
        return values;
    }

    public override void Stage(long line, object?[] values) => Table.Insert(line, values);

    public override void Dispose() => Table.Dispose();
}
