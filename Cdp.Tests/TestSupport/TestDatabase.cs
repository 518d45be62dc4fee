using Cdp.Core;
using Cdp.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.TestSupport;

/// <summary>A real SQLite database in a temporary file, migrated like the app's, deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        Options = CoreServiceCollectionExtensions.ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), ConnectionString).Options
            as DbContextOptions<CdpDbContext> ?? throw new InvalidOperationException();
        Factory = new ContextFactory(Options);
    }

    public string Path { get; }
    public string ConnectionString { get; }
    public DbContextOptions<CdpDbContext> Options { get; }
    public IDbContextFactory<CdpDbContext> Factory { get; }

    /// <param name="migrate">Apply the migrations (true) or leave the file empty.</param>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var database = new TestDatabase(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cdp-test-{Guid.NewGuid():N}.db"));
        if (migrate)
        {
            await using var db = database.NewContext();
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }
        return database;
    }

    public CdpDbContext NewContext() => new(Options);

    /// <summary>Runs one scalar SQL query directly on the file, independently of EF.</summary>
    public Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(ConnectionString, sql);

    public ValueTask DisposeAsync()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(Path + suffix); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }

    private sealed class ContextFactory(DbContextOptions<CdpDbContext> options) : IDbContextFactory<CdpDbContext>
    {
        public CdpDbContext CreateDbContext() => new(options);
    }
}
