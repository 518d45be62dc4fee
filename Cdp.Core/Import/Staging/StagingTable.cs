using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cdp.Core.Import.Staging;

/// <summary>A column of a staging table; values are converted to what the target column stores.</summary>
internal sealed record StagingColumn(string Name, string SqlType, Func<object, object?>? ToStored = null)
{
    /// <summary>A column shaped like <paramref name="property"/>'s, converted as EF converts it (JSON lists, enums as text, money as REAL).</summary>
    public static StagingColumn Like(IProperty property, string? name = null)
    {
        var mapping = (RelationalTypeMapping)property.GetTypeMapping();
        return new(name ?? property.GetColumnName(), mapping.StoreType, mapping.Converter?.ConvertToProvider);
    }
}

/// <summary>
/// A TEMP table that an import streams its valid rows into, through one prepared INSERT. It lives on the
/// import's connection only and is dropped afterwards, so nothing of it outlives the import.
/// </summary>
internal sealed class StagingTable : IDisposable
{
    private readonly SqlSession _sql;
    private readonly DbCommand _insert;
    private readonly DbParameter[] _parameters;
    private readonly Func<object, object?>?[] _converters;

    /// <param name="name">Unqualified name; the table is created in the temp schema.</param>
    public StagingTable(SqlSession sql, string name, IReadOnlyList<StagingColumn> columns)
    {
        _sql = sql;
        Name = "temp." + SqlSession.Quote(name);
        Columns = columns;
        sql.Execute($"DROP TABLE IF EXISTS {Name}");
        sql.Execute($"CREATE TEMP TABLE {SqlSession.Quote(name)} (Line INTEGER PRIMARY KEY, {string.Join(", ", columns.Select(c => $"{SqlSession.Quote(c.Name)} {c.SqlType}"))})");

        _insert = sql.Command($"INSERT INTO {Name} (Line, {string.Join(", ", columns.Select(c => SqlSession.Quote(c.Name)))}) " +
                              $"VALUES ($line, {string.Join(", ", columns.Select((_, i) => "$p" + i))})");
        _parameters = new DbParameter[columns.Count + 1];
        for (var i = 0; i <= columns.Count; i++)
        {
            var parameter = _insert.CreateParameter();
            parameter.ParameterName = i == 0 ? "$line" : "$p" + (i - 1);
            _insert.Parameters.Add(parameter);
            _parameters[i] = parameter;
        }
        _converters = columns.Select(c => c.ToStored).ToArray();
        _insert.Prepare();
    }

    /// <summary>Qualified name for SQL (temp."Name").</summary>
    public string Name { get; }

    public IReadOnlyList<StagingColumn> Columns { get; }

    public int Rows { get; private set; }

    /// <summary>Adds a row; values are in <see cref="Columns"/> order, null for "not given".</summary>
    public void Insert(long line, object?[] values)
    {
        _parameters[0].Value = line;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value is not null && _converters[i] is { } convert) value = convert(value);
            _parameters[i + 1].Value = value ?? DBNull.Value;
        }
        _insert.ExecuteNonQuery();
        Rows++;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _sql.Execute($"DROP TABLE IF EXISTS {Name}");
    }
}
