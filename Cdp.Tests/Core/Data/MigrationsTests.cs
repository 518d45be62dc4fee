using System.Text.RegularExpressions;
using Cdp.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Data;

/// <summary>The migrations are hand-written, so this proves they build exactly the schema the model describes.</summary>
public class MigrationsTests
{
    [Fact]
    public async Task Migrations_BuildSameSchemaAsModel()
    {
        await using var migrated = await TestDatabase.CreateAsync(migrate: true);
        await using var created = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = created.NewContext())
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);

        var fromMigrations = await ReadSchemaAsync(migrated.ConnectionString);
        var fromModel = await ReadSchemaAsync(created.ConnectionString);

        Assert.Equal(fromModel.Keys.Order(), fromMigrations.Keys.Order());
        foreach (var (name, definition) in fromModel)
            Assert.Equal(definition, fromMigrations[name]);
    }

    [Fact]
    public async Task Migrations_HaveNothingPendingAfterStartUp()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Database_EnforcesForeignKeys()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();

        var orphan = db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Orders (ExternalId, CustomerId, OrderedAt, Total) VALUES ('X', 999, '2026-01-01', 1)",
            TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<SqliteException>(() => orphan);
    }

    /// <summary>
    /// Every table and index, keyed by name. Column and constraint definitions are compared as sets, because a
    /// column added by a later migration is appended while the model lists it in place.
    /// </summary>
    private static async Task<Dictionary<string, string>> ReadSchemaAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT type, name, sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock', 'sqlite_sequence') AND name NOT LIKE 'sqlite_autoindex%'
            """;
        var schema = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (type, name, sql) = (reader.GetString(0), reader.GetString(1), Normalize(reader.GetString(2)));
            schema[$"{type} {name}"] = type == "table" ? string.Join("\n", TableParts(sql).Order(StringComparer.Ordinal)) : sql;
        }
        return schema;
    }

    private static IEnumerable<string> TableParts(string createTable)
    {
        var body = createTable[(createTable.IndexOf('(') + 1)..createTable.LastIndexOf(')')];
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            depth += body[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (body[i] == ',' && depth == 0)
            {
                yield return body[start..i].Trim();
                start = i + 1;
            }
        }
        yield return body[start..].Trim();
    }

    private static string Normalize(string sql) => Regex.Replace(sql, @"\s+", " ").Trim();
}
