using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cdp.Core.Data;

/// <summary>
/// Inserts many rows of one entity type through a single prepared, parameterised INSERT. Change tracking
/// costs about ten times more per row, which matters for the demo store and for imports of millions of rows.
/// Table and column names, value converters and parameter types all come from the EF model, so the rows are
/// stored exactly as EF itself would store them.
/// </summary>
internal sealed class TableWriter<T> : IDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly (IClrPropertyGetter Getter, DbParameter Parameter, Func<object?, object?>? ToProvider)[] _columns;

    /// <param name="db">Context whose connection is open and in the transaction the rows belong to.</param>
    /// <param name="includeGeneratedKey">Write the key too (the caller assigned ids itself).</param>
    /// <param name="intoTable">Another table with the same columns (an import's staging table), quoted as needed.</param>
    public TableWriter(DbContext db, bool includeGeneratedKey, string? intoTable = null)
    {
        var entityType = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties()
            .Where(p => includeGeneratedKey || p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey())
            .ToArray();

        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        _columns = new (IClrPropertyGetter, DbParameter, Func<object?, object?>?)[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            var mapping = (RelationalTypeMapping)properties[i].GetTypeMapping();
            var parameter = mapping.CreateParameter(_command, "$p" + i, null, properties[i].IsNullable);
            _command.Parameters.Add(parameter);
            _columns[i] = (properties[i].GetGetter(), parameter, mapping.Converter?.ConvertToProvider);
        }

        var columnList = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
        var valueList = string.Join(", ", properties.Select((_, i) => "$p" + i));
        _command.CommandText = $"INSERT INTO {intoTable ?? Quote(table.Name)} ({columnList}) VALUES ({valueList})";
        _command.Prepare();
    }

    public void Insert(T row)
    {
        foreach (var (getter, parameter, toProvider) in _columns)
        {
            var value = getter.GetClrValueUsingContainingEntity(row);
            if (value is not null && toProvider is not null) value = toProvider(value);
            parameter.Value = value ?? DBNull.Value;
        }
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
