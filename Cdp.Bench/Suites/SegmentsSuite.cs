using Cdp.Core.Audit;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Cdp.Bench.Suites;

/// <summary>
/// Segment counts and previews at scale: each reference tree (<see cref="SegmentTrees"/>) counted by the segment engine
/// and by hand-written SQL on a plain connection, on the same cached database of the demo store at 1,000,000
/// customers. Reports median times after a warm-up, the ratio, the preview time and whether the counts agree; then a
/// summary table (on standard error, so standard output stays one JSON line per measurement).
/// </summary>
/// <remarks>
/// Sizes: <c>CDP_BENCH_CUSTOMERS</c> (default 1,000,000; the demo store gives about five order lines per customer) and
/// <c>CDP_BENCH_RUNS</c> (timed runs per query, default 5); <c>CDP_BENCH_TREES</c> (comma-separated tree names) runs only
/// those trees. The database is kept in <c>CDP_BENCH_DIR</c> (default the temp folder) and reused by later runs.
/// </remarks>
internal sealed class SegmentsSuite : IBenchmarkSuite
{
    private const double MaxRatioToSql = 1.5;
    private const double MaxPreviewMilliseconds = 1500;

    public string Name => "segments";
    public string Description => "segment counts and previews of reference trees against hand-written SQL, 1,000,000 customers";

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        var customers = BenchSettings.Size("CDP_BENCH_CUSTOMERS", 1_000_000);
        var runs = Math.Max(1, BenchSettings.Size("CDP_BENCH_RUNS", 5));
        var folder = Environment.GetEnvironmentVariable("CDP_BENCH_DIR") ?? Path.GetTempPath();
        var asOf = SegmentsData.AsOfUtc;

        var clock = new SegmentsData.FixedClock(asOf);
        var prepared = await SegmentsData.PrepareAsync(folder, customers, new DemoOptions().Seed,
            (factory, ct) => CreateReferencedSegmentAsync(factory, clock, ct), cancellationToken);
        var capture = new CommandCapture();
        var engine = new SegmentEngine(new PooledDbContextFactory<CdpDbContext>(SegmentsData.Options(prepared.Path, capture)), clock, new DataChanges());   // as in the app: definitions kept until data changes
        // The hand-written SQL runs as plain ADO.NET, but on a connection set up as the app sets up every connection
        // (SqlitePragmas: memory-mapped reads, among others), so that only the queries differ.
        await using var plain = new CdpDbContext(SegmentsData.Options(prepared.Path));
        await plain.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)plain.Database.GetDbConnection();
        output.Write(Name, "database", new Dictionary<string, object>
        {
            ["path"] = prepared.Path,
            ["cached"] = prepared.Cached,
            ["generationSeconds"] = prepared.Seconds,
            ["megabytes"] = Math.Round(new FileInfo(prepared.Path).Length / 1048576.0, 1),
            ["asOf"] = asOf.ToString("O", CultureInfo.InvariantCulture),
            ["runs"] = runs,
            ["loadAverage"] = LoadAverage(),
        }.Concat(await SegmentsData.CountsAsync(connection, cancellationToken)).ToDictionary());

        var parameters = SegmentTrees.Parameters(asOf);
        var only = Environment.GetEnvironmentVariable("CDP_BENCH_TREES")?
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var results = new List<Result>();
        foreach (var tree in SegmentTrees.All.Where(t => only is not { Length: > 0 } || only.Contains(t.Name)))
        {
            var (result, values) = await MeasureTreeAsync(tree, engine, capture, connection, parameters, asOf, runs, cancellationToken);
            results.Add(result);
            if (!result.CountsEqual)
                Console.Error.WriteLine(
                    $"FAIL {tree.Name}: engine counts {result.EngineCount:N0} (preview {result.PreviewCount:N0}), hand-written SQL counts {result.SqlCount:N0}");
            output.Write(Name, tree.Name, values);
        }

        output.Write(Name, "targets", new Dictionary<string, object>
        {
            ["countsEqual"] = Verdict(results, r => r.CountsEqual),
            ["countRatio_max1.5"] = Verdict(results, r => r.Ratio <= MaxRatioToSql),
            ["previewMs_max1500"] = Verdict(results, r => r.PreviewMs < MaxPreviewMilliseconds),
        });
        Console.Error.WriteLine();
        Console.Error.WriteLine(Table(results, customers));
    }

    private static async Task<(Result Result, Dictionary<string, object> Values)> MeasureTreeAsync(SegmentTree tree, SegmentEngine engine,
        CommandCapture capture, SqliteConnection connection, IReadOnlyDictionary<string, object> parameters, DateTime asOf, int runs,
        CancellationToken cancellationToken)
    {
        var rules = RuleTreeJson.Parse(tree.Json);
        // Engine and SQL runs alternate, so that a busy moment of a shared machine slows both alike.
        var (sql, count) = await MeasurePairAsync(
            async () => await CountAsync(connection, tree.Sql, parameters, cancellationToken),
            async () => await engine.CountAsync(rules, asOf, cancellationToken: cancellationToken), runs);
        var engineSql = capture.Last;
        // The engine's own SQL run on the plain connection: what is left of the engine's time is its own overhead.
        var engineSqlMs = engineSql is { } last
            ? await CommandCapture.TimeAsync(connection, last.Sql, last.Parameters, cancellationToken)
            : 0;
        var preview = await MeasureAsync(
            async () => (await engine.PreviewAsync(rules, new PreviewOptions(asOf), cancellationToken)).Count, runs);
        // Each query of one preview that EF Core runs, on its own, to see which of them costs. The breakdown pass runs its
        // own command on EF's connection, which interceptors do not see: it is most of what remains of the preview's time.
        capture.Clear();
        await engine.PreviewAsync(rules, new PreviewOptions(asOf), cancellationToken);
        var previewQueries = new List<string>();
        var seen = 0.0;
        foreach (var (text, values) in capture.Commands)
        {
            var ms = await CommandCapture.TimeAsync(connection, text, values, cancellationToken);
            seen += ms;
            previewQueries.Add($"{ms.ToString("0.0", CultureInfo.InvariantCulture)} ms: {Abbreviate(text)}");
        }
        var perNode = Stopwatch.StartNew();
        await engine.PreviewAsync(rules, new PreviewOptions(asOf, PerNode: true), cancellationToken);
        perNode.Stop();

        var result = new Result(tree.Name, sql.Value, sql.MedianMs, count.Value, count.MedianMs, preview.Value, preview.MedianMs);
        return (result, new Dictionary<string, object>
        {
            ["covers"] = tree.Covers,
            ["nodes"] = Nodes(rules),
            ["status"] = result.Pass ? "pass" : "FAIL",
            ["countsEqual"] = result.CountsEqual,
            ["engineCount"] = count.Value,
            ["sqlCount"] = sql.Value,
            ["engineMedianMs"] = count.MedianMs,
            ["sqlMedianMs"] = sql.MedianMs,
            ["engineSqlAloneMs"] = engineSqlMs,
            ["ratio"] = result.Ratio,
            ["previewMedianMs"] = preview.MedianMs,
            ["previewQueries"] = previewQueries,
            ["previewRestMs"] = Math.Round(Math.Max(0, preview.MedianMs - seen), 1),
            ["previewPerNodeMs"] = Math.Round(perNode.Elapsed.TotalMilliseconds, 1),
            ["sqlPlan"] = await CommandCapture.PlanAsync(connection, tree.Sql, parameters.Select(p => (p.Key, p.Value)), cancellationToken),
            ["enginePlan"] = engineSql is { } captured
                ? await CommandCapture.PlanAsync(connection, captured.Sql, captured.Parameters, cancellationToken)
                : "not captured",
            // The engine's SQL where it is slower than the target, for whoever improves the compiler or the indexes.
            ["engineSql"] = result.Ratio > MaxRatioToSql && engineSql is { } slow ? slow.Sql : "",
        });
    }

    private sealed record Result(
        string Tree, long SqlCount, double SqlMs, long EngineCount, double EngineMs, long PreviewCount, double PreviewMs)
    {
        public double Ratio => Math.Round(EngineMs / Math.Max(SqlMs, 0.1), 2);
        public bool CountsEqual => EngineCount == SqlCount && PreviewCount == SqlCount;
        public bool Pass => CountsEqual && Ratio <= MaxRatioToSql && PreviewMs < MaxPreviewMilliseconds;
    }

    /// <summary>Warms both up, then times them in turns, <paramref name="runs"/> times each; medians in milliseconds.</summary>
    private static async Task<((long Value, double MedianMs) First, (long Value, double MedianMs) Second)> MeasurePairAsync(
        Func<Task<long>> first, Func<Task<long>> second, int runs)
    {
        var firstValue = await first();
        var secondValue = await second();
        var firstTimes = new List<double>(runs);
        var secondTimes = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            firstTimes.Add(await TimeAsync(first, firstValue));
            secondTimes.Add(await TimeAsync(second, secondValue));
        }
        return ((firstValue, Median(firstTimes)), (secondValue, Median(secondTimes)));
    }

    private static async Task<double> TimeAsync(Func<Task<long>> run, long expected)
    {
        var stopwatch = Stopwatch.StartNew();
        var value = await run();
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (value != expected) throw new InvalidOperationException($"A repeated run gave {value}, the first gave {expected}.");
        return elapsed;
    }

    private static double Median(List<double> times)
    {
        times.Sort();
        var n = times.Count;
        return Math.Round(n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2, 1);
    }

    /// <summary>Creates the segment the segment-reference tree points at, through the store as the app does.</summary>
    internal static async Task CreateReferencedSegmentAsync(PooledDbContextFactory<CdpDbContext> factory, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var store = new SegmentStore(factory, new SegmentEngine(factory, clock), clock, new AuditLog(factory, clock));
        await store.CreateAsync(new SegmentDraft(SegmentTrees.ReferencedName, "Reference segment of the segments benchmark",
            RuleTreeJson.Parse(SegmentTrees.ReferencedJson), SegmentTrees.ReferencedKey), Actor.System, cancellationToken);
    }

    /// <summary>Runs once to warm caches, then <paramref name="runs"/> times; the value must not change between runs.</summary>
    private static async Task<(long Value, double MedianMs)> MeasureAsync(Func<Task<long>> run, int runs)
    {
        var value = await run();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++) times.Add(await TimeAsync(run, value));
        return (value, Median(times));
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object> parameters,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Only the parameters the statement names are bound; the others are ignored.
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    /// <summary>The start of a query on one line, enough to tell the queries of a preview apart.</summary>
    private static string Abbreviate(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 100 ? line : line[..100] + "…";
    }

    private static int Nodes(RuleNode node) => node is RuleGroup group ? 1 + group.Rules.Sum(Nodes) : 1;

    private static string Verdict(IEnumerable<Result> results, Func<Result, bool> met) => results.All(met) ? "pass" : "FAIL";

    private static string Table(IReadOnlyList<Result> results, int customers)
    {
        static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"segments at {customers:N0} customers (median ms; targets: counts equal, engine <= {MaxRatioToSql}x SQL, preview < {MaxPreviewMilliseconds} ms)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"tree",-22} {"engine ms",10} {"SQL ms",10} {"ratio",6} {"preview ms",11} {"count",10} {"equal",6}  result");
        foreach (var r in results)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Tree,-22} {N(r.EngineMs, "0.0"),10} {N(r.SqlMs, "0.0"),10} {N(r.Ratio, "0.00"),6} {N(r.PreviewMs, "0.0"),11} {r.SqlCount,10} {(r.CountsEqual ? "yes" : "NO"),6}  {(r.Pass ? "pass" : "FAIL")}");
        return text.ToString();
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

}
