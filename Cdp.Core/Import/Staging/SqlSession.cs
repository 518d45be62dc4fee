using System.Data.Common;
using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cdp.Core.Import.Staging;

/// <summary>
/// Runs the set-based SQL of an import on the import's connection and transaction.
/// </summary>
/// <remarks>
/// Merging a staged file into the tables (upserts with UPDATE … FROM, in-file duplicates, conflicts) has no
/// LINQ form, so these statements are written by hand. Every value is a parameter; identifiers come only from
/// the EF model and this code, never from the file.
/// </remarks>
internal sealed class SqlSession(CdpDbContext db)
{
    public CdpDbContext Db => db;

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of (line, message): the staged rows a statement rejects.</summary>
    public List<(long Line, string Message)> Rejections(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return rows;
    }

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static string Quote(string identifier) => TableWriter<object>.Quote(identifier);
}
