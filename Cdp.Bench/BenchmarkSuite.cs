using System.Text.Json;

namespace Cdp.Bench;

/// <summary>A group of measurements run together, named on the command line.</summary>
internal interface IBenchmarkSuite
{
    string Name { get; }
    string Description { get; }
    Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken);
}

/// <summary>Writes each measurement as one JSON line, so results can be piped into other tools.</summary>
internal sealed class MeasurementWriter(TextWriter writer) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public void Write(string suite, string measurement, IReadOnlyDictionary<string, object> values)
    {
        var line = new Dictionary<string, object> { ["suite"] = suite, ["measurement"] = measurement };
        foreach (var (key, value) in values) line[key] = value;
        writer.WriteLine(JsonSerializer.Serialize(line, Json));
        writer.Flush();
    }

    public void Dispose() => writer.Flush();
}

/// <summary>A throw-away SQLite file for one measurement.</summary>
internal sealed class ScratchDatabase : IDisposable
{
    public ScratchDatabase(string name)
    {
        var folder = Environment.GetEnvironmentVariable("CDP_BENCH_DIR") ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(folder, $"cdp-bench-{name}-{Guid.NewGuid():N}.db");
    }

    public string Path { get; }
    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(Path + suffix);
    }
}

/// <summary>Sizes and counts a suite reads from the environment.</summary>
internal static class BenchSettings
{
    /// <summary>The variable as a whole number of at least zero, or <paramref name="fallback"/> when unset or unreadable.</summary>
    public static int Size(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) && value >= 0 ? value : fallback;
}
