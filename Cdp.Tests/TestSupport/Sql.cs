using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cdp.Tests.TestSupport;

/// <summary>Reads a database file directly, independently of EF, to check what a user would see.</summary>
public static class Sql
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }
}
