using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cdp.Bench.Suites;

/// <summary>
/// Remembers the queries EF Core runs, with their parameters, so the suite can show SQLite's plan for the engine's SQL
/// next to the plan of the hand-written query, and time each query of a preview on its own.
/// </summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<(string Sql, IReadOnlyList<(string Name, object Value)> Parameters)> _commands = [];

    /// <summary>The last query run.</summary>
    public (string Sql, IReadOnlyList<(string Name, object Value)> Parameters)? Last
    {
        get { lock (_lock) return _commands.Count == 0 ? null : _commands[^1]; }
    }

    /// <summary>The queries run since <see cref="Clear"/>, in order.</summary>
    public IReadOnlyList<(string Sql, IReadOnlyList<(string Name, object Value)> Parameters)> Commands
    {
        get { lock (_lock) return _commands.ToList(); }
    }

    public void Clear()
    {
        lock (_lock) _commands.Clear();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return ValueTask.FromResult(result);
    }

    private void Remember(DbCommand command)
    {
        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList();
        lock (_lock) _commands.Add((command.CommandText, parameters));
    }

    /// <summary>SQLite's EXPLAIN QUERY PLAN of a query on another connection, steps joined by " | ", to see which queries scan.</summary>
    public static async Task<string> PlanAsync(SqliteConnection connection, string sql, IEnumerable<(string Name, object Value)> parameters,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var steps = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) steps.Add(reader.GetString(3));
        return string.Join(" | ", steps);
    }

    /// <summary>Runs a query on another connection, reading every row; its time in milliseconds.</summary>
    public static async Task<double> TimeAsync(SqliteConnection connection, string sql, IEnumerable<(string Name, object Value)> parameters,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) { }
        return Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1);
    }
}
