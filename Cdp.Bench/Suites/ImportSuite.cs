using Cdp.Core.Audit;
using System.Diagnostics;
using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Core.Import;
using Cdp.Core.Import.Mapping;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Bench.Suites;

/// <summary>
/// CSV import at scale through the real import service: a customers file and an orders file into a fresh database,
/// against the sqlite3 command-line <c>.import</c> of the same customers file into a bare table, the floor for raw ingest,
/// and against sqlite3 copying the imported customers into a fresh <c>Customers</c> table with its indexes, the floor for
/// any importer into this schema.
/// </summary>
/// <remarks>
/// Sizes: <c>CDP_BENCH_CUSTOMERS</c> (default 1,000,000) and <c>CDP_BENCH_ORDER_LINES</c> (default 2,000,000);
/// <c>CDP_BENCH_ORDER_LINES=0</c> skips the orders part. Files and databases go to <c>CDP_BENCH_DIR</c> or the temp folder
/// and are deleted afterwards.
/// </remarks>
internal sealed class ImportSuite : IBenchmarkSuite
{
    private const double MaxRatioToSqlite = 3;
    private const double MinRowsPerSecond = 100_000;
    private const double MaxPeakMegabytes = 400;
    private const double MaxOrdersSeconds = 60;

    public string Name => "import";
    public string Description => "CSV import of 1,000,000 customers and 2,000,000 order lines, against sqlite3 .import";

    public async Task RunAsync(MeasurementWriter output, CancellationToken cancellationToken)
    {
        var customers = BenchSettings.Size("CDP_BENCH_CUSTOMERS", 1_000_000);
        var orderLines = BenchSettings.Size("CDP_BENCH_ORDER_LINES", 2_000_000);
        var folder = Path.Combine(Environment.GetEnvironmentVariable("CDP_BENCH_DIR") ?? Path.GetTempPath(), $"cdp-bench-import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var customersCsv = Path.Combine(folder, "customers.csv");
            var ordersCsv = Path.Combine(folder, "orders.csv");
            var generation = Stopwatch.StartNew();
            var customerBytes = ImportData.WriteCustomers(customersCsv, customers);
            var (lines, orders, orderBytes) = orderLines > 0 ? ImportData.WriteOrders(ordersCsv, orderLines, customers) : (0, 0, 0L);
            output.Write(Name, "generate", new Dictionary<string, object>
            {
                ["customers"] = customers,
                ["customersMegabytes"] = Megabytes(customerBytes),
                ["orderLines"] = lines,
                ["orders"] = orders,
                ["ordersMegabytes"] = Megabytes(orderBytes),
                ["seconds"] = Seconds(generation.Elapsed),
            });
            // The generator's garbage must not count towards the imports' peaks.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();

            var sqliteSeconds = await SqliteImportAsync(output, folder, customersCsv, customers, cancellationToken);

            using var database = new ScratchDatabase("import");
            var options = (DbContextOptions<CdpDbContext>)CoreServiceCollectionExtensions
                .ConfigureSqlite(new DbContextOptionsBuilder<CdpDbContext>(), database.ConnectionString).Options;
            var factory = new PooledDbContextFactory<CdpDbContext>(options);
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                // As the app's start-up does (DatabaseInitializer): the journal mode changes how a big transaction is written.
                await db.Database.OpenConnectionAsync(cancellationToken);
                await using (var wal = db.Database.GetDbConnection().CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    await wal.ExecuteScalarAsync(cancellationToken);
                }
                await db.Database.MigrateAsync(cancellationToken);
            }
            var service = new ImportService(factory, TimeProvider.System, new DataChanges(),
                new ImportFiles(Path.Combine(folder, "files"), maxUploadBytes: long.MaxValue), NullLogger<ImportService>.Instance, new AuditLog(factory, TimeProvider.System));

            var customerRun = await ImportAsync(service, customersCsv, ImportKind.Customers, new ImportOptions(), cancellationToken);
            var rowsPerSecond = customers / customerRun.Seconds;
            var ratio = sqliteSeconds is { } floor ? customerRun.Seconds / floor : (double?)null;
            output.Write(Name, $"customers_{customers}", new Dictionary<string, object>
            {
                ["status"] = customerRun.Result.Status.ToString(),
                ["rows"] = customerRun.Result.Counts.Rows,
                ["inserted"] = customerRun.Result.Counts.Inserted,
                ["rejected"] = customerRun.Result.Counts.Rejected,
                ["seconds"] = customerRun.Seconds,
                ["rowsPerSecond"] = Math.Round(rowsPerSecond),
                ["peakWorkingSetMegabytes"] = customerRun.Memory.PeakWorkingSetMegabytes,
                ["peakManagedMegabytes"] = customerRun.Memory.PeakManagedMegabytes,
                ["sqliteSeconds"] = sqliteSeconds is { } s ? s : "unavailable",
                ["ratioToSqlite"] = ratio is { } r ? Math.Round(r, 2) : "unavailable",
                ["databaseMegabytes"] = Megabytes(new FileInfo(database.Path).Length),
            }.Concat(Details(customerRun)).ToDictionary());
            await SchemaFloorAsync(output, folder, database.Path, customers, sqliteSeconds, customerRun.Seconds, cancellationToken);
            Targets(output, "customers", [
                ("ratioToSqlite_max3", ratio is { } x ? x <= MaxRatioToSqlite : null),
                ("rowsPerSecond_min100000", rowsPerSecond >= MinRowsPerSecond),
                ("peakWorkingSetMegabytes_max400", customerRun.Memory.PeakWorkingSetMegabytes < MaxPeakMegabytes),
                ("allRowsImported", customerRun.Result.Counts.Inserted == customers),
            ]);

            if (orderLines == 0) return;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var orderRun = await ImportAsync(service, ordersCsv, ImportKind.Orders, new ImportOptions(), cancellationToken);
            var touched = await CountsAsync(database.ConnectionString, cancellationToken);
            output.Write(Name, $"orders_{lines}", new Dictionary<string, object>
            {
                ["status"] = orderRun.Result.Status.ToString(),
                ["lines"] = orderRun.Result.Counts.Rows,
                ["ordersInserted"] = orderRun.Result.Counts.Inserted,
                ["rejectedLines"] = orderRun.Result.Counts.Rejected,
                ["created"] = orderRun.Result.Created,
                ["ordersInDatabase"] = touched.Orders,
                ["orderLinesInDatabase"] = touched.Lines,
                ["customersWithOrders"] = touched.Customers,
                ["secondsIncludingRecompute"] = orderRun.Seconds,
                ["linesPerSecond"] = Math.Round(lines / orderRun.Seconds),
                ["peakWorkingSetMegabytes"] = orderRun.Memory.PeakWorkingSetMegabytes,
                ["peakManagedMegabytes"] = orderRun.Memory.PeakManagedMegabytes,
                ["message"] = orderRun.Result.Message ?? "",
            }.Concat(Details(orderRun)).ToDictionary());
            Targets(output, "orders", [
                ("secondsIncludingRecompute_max60", orderRun.Seconds < MaxOrdersSeconds),
                ("peakWorkingSetMegabytes_max400", orderRun.Memory.PeakWorkingSetMegabytes < MaxPeakMegabytes),
                ("allOrdersImported", touched.Orders == orders),
            ]);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Run(ImportResult Result, double AnalyzeSeconds, double Seconds, double CpuSeconds, PhaseClock Phases,
        MemorySampler Memory, string LoadBefore);

    /// <summary>Analyses the file as the import wizard does, then imports it with the suggested mapping and detected formats.</summary>
    private static async Task<Run> ImportAsync(ImportService service, string path, ImportKind kind, ImportOptions options,
        CancellationToken cancellationToken)
    {
        var analyze = Stopwatch.StartNew();
        var analysis = await service.AnalyzeAsync(path, kind, null, null, options, cancellationToken);
        analyze.Stop();
        if (analysis.Problem is not null) throw new InvalidOperationException($"The generated {kind} file was refused: {analysis.Problem}");
        var unmapped = analysis.Columns.Where(c => c.Target.Kind == TargetKind.Ignore).Select(c => c.Header).ToList();
        if (unmapped.Count > 0) throw new InvalidOperationException($"Columns of the generated {kind} file were not mapped: {string.Join(", ", unmapped)}");
        var effective = options with { DateOrder = analysis.DateOrder, DecimalSeparator = analysis.DecimalSeparator };
        var request = new ImportRequest(path, Path.GetFileName(path), kind, analysis.Format!, analysis.Mapping, effective);

        var load = LoadAverage();
        using var memory = new MemorySampler();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var phases = new PhaseClock();
        var result = await service.RunAsync(request, Actor.System, phases, cancellationToken);
        phases.Stop();
        memory.Stop();
        var cpuSeconds = Seconds(Process.GetCurrentProcess().TotalProcessorTime - cpu);
        return new Run(result, Seconds(analyze.Elapsed), Seconds(phases.Elapsed), cpuSeconds, phases, memory, load);
    }

    /// <summary>Times <c>sqlite3 db ".mode csv" ".import file bare"</c> into a fresh file; null when sqlite3 is not installed.</summary>
    private async Task<double?> SqliteImportAsync(MeasurementWriter output, string folder, string csv, int rows, CancellationToken cancellationToken)
    {
        var db = Path.Combine(folder, "bare.db");
        var stopwatch = Stopwatch.StartNew();
        var import = await Sqlite3Async(db, cancellationToken, ".mode csv", $".import {csv} bare");
        stopwatch.Stop();
        if (import is null)
        {
            output.Write(Name, "sqlite3_import", new Dictionary<string, object> { ["status"] = "unavailable: sqlite3 is not on the PATH" });
            return null;
        }
        var count = await Sqlite3Async(db, cancellationToken, "SELECT COUNT(*) FROM bare;");
        var seconds = Seconds(stopwatch.Elapsed);
        output.Write(Name, $"sqlite3_import_{rows}", new Dictionary<string, object>
        {
            ["rows"] = long.TryParse(count?.Trim(), out var n) ? n : -1,
            ["seconds"] = seconds,
            ["rowsPerSecond"] = Math.Round(rows / seconds),
            ["version"] = (await Sqlite3Async(":memory:", cancellationToken, "SELECT sqlite_version();"))?.Trim() ?? "",
        });
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" }) File.Delete(db + suffix);
        return seconds;
    }

    /// <summary>
    /// Times sqlite3 writing the customers the import stored into a fresh database with the same table, indexes and page size,
    /// copied row for row from the imported database: no parsing, no checks, no staging. It is what SQLite itself needs to
    /// write these rows into this schema, the floor for any importer; the same copy without the indexes shows their share.
    /// </summary>
    private async Task SchemaFloorAsync(MeasurementWriter output, string folder, string imported, int rows, double? importSeconds,
        double appSeconds, CancellationToken cancellationToken)
    {
        var (pageSize, table, indexes) = await CustomersSchemaAsync(imported, cancellationToken);
        var source = "'" + imported.Replace("'", "''") + "'";
        string[] Copy(IEnumerable<string> indexSql) =>
        [
            $"PRAGMA page_size = {pageSize};", "PRAGMA journal_mode = WAL;", "PRAGMA synchronous = NORMAL;",
            $"PRAGMA cache_size = -{BulkLoad.ImportCacheKibibytes};", table + ";", $"ATTACH {source} AS imported;",
            "BEGIN;", "INSERT INTO main.Customers SELECT * FROM imported.Customers;", .. indexSql.Select(i => i + ";"), "COMMIT;",
        ];
        async Task<double?> TimeAsync(string[] commands)
        {
            var db = Path.Combine(folder, "floor.db");
            try
            {
                var stopwatch = Stopwatch.StartNew();
                return await Sqlite3Async(db, cancellationToken, commands) is null ? null : Seconds(stopwatch.Elapsed);
            }
            finally
            {
                foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" }) File.Delete(db + suffix);
            }
        }

        var withIndexes = await TimeAsync(Copy(indexes));
        var withoutIndexes = await TimeAsync(Copy([]));
        if (withIndexes is not { } floor || withoutIndexes is not { } bare)
        {
            output.Write(Name, "sqlite3_schema_floor", new Dictionary<string, object> { ["status"] = "unavailable: sqlite3 is not on the PATH" });
            return;
        }
        output.Write(Name, $"sqlite3_schema_floor_{rows}", new Dictionary<string, object>
        {
            ["seconds"] = floor,
            ["withoutIndexesSeconds"] = bare,
            ["indexes"] = indexes.Count,
            ["pageSize"] = pageSize,
            ["ratioToSqliteImport"] = importSeconds is { } s ? Math.Round(floor / s, 2) : "unavailable",
            ["importOverFloor"] = Math.Round(appSeconds / floor, 2),
        });
    }

    /// <summary>The imported database's page size and the SQL that creates its Customers table and that table's indexes.</summary>
    private static async Task<(long PageSize, string Table, IReadOnlyList<string> Indexes)> CustomersSchemaAsync(string path,
        CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        var pageSize = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        command.CommandText = "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'Customers' AND sql IS NOT NULL ORDER BY type DESC";
        var (table, indexes) = ("", new List<string>());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (reader.GetString(0) == "table") table = reader.GetString(1);
            else indexes.Add(reader.GetString(1));
        return (pageSize, table, indexes);
    }

    /// <summary>Runs sqlite3 with the given dot-commands and SQL as arguments; its standard output, or null when it cannot start.</summary>
    private static async Task<string?> Sqlite3Async(string database, CancellationToken cancellationToken, params string[] commands)
    {
        var start = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(database);
        foreach (var command in commands) start.ArgumentList.Add(command);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        if (process is null) return null;
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0) throw new InvalidOperationException($"sqlite3 failed ({process.ExitCode}): {await stderr}");
            return await stdout;
        }
    }

    private static async Task<(long Orders, long Lines, long Customers)> CountsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        async Task<long> ScalarAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        return (await ScalarAsync("SELECT COUNT(*) FROM Orders"), await ScalarAsync("SELECT COUNT(*) FROM OrderLines"),
            await ScalarAsync("SELECT COUNT(*) FROM Customers WHERE OrdersCount > 0"));
    }

    private void Targets(MeasurementWriter output, string part, IReadOnlyList<(string Target, bool? Met)> targets) =>
        output.Write(Name, $"{part}_targets", targets.ToDictionary(t => t.Target,
            t => (object)(t.Met switch { true => "pass", false => "FAIL", null => "not measured" })));

    /// <summary>The machine's 1-, 5- and 15-minute load averages: a shared machine makes every timing slower.</summary>
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

    private static Dictionary<string, object> Details(Run run) => new()
    {
        ["analyzeSeconds"] = run.AnalyzeSeconds,
        ["readSeconds"] = run.Phases.Seconds("Reading"),
        ["mergeSeconds"] = run.Phases.Seconds("Merging"),
        ["recomputeSeconds"] = run.Phases.Seconds("Recomputing"),
        ["cpuSeconds"] = run.CpuSeconds,
        ["loadAverageBefore"] = run.LoadBefore,
    };


    private static double Seconds(TimeSpan elapsed) => Math.Round(elapsed.TotalSeconds, 3);

    private static double Megabytes(long bytes) => Math.Round(bytes / 1048576.0, 1);

    /// <summary>
    /// Times the phases of a run from its progress reports, which the service makes on its own thread as each phase starts
    /// (reading, merging the staged rows, recomputing customer metrics).
    /// </summary>
    private sealed class PhaseClock : IProgress<ImportProgress>
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        private readonly List<(string Phase, TimeSpan Start)> _starts = [];
        private readonly Lock _lock = new();

        public TimeSpan Elapsed => _stopwatch.Elapsed;

        public void Report(ImportProgress value)
        {
            lock (_lock)
                if (_starts.Count == 0 || _starts[^1].Phase != value.Phase) _starts.Add((value.Phase, _stopwatch.Elapsed));
        }

        public void Stop() => _stopwatch.Stop();

        /// <summary>Time from the start of the phase to the start of the next (or the end); 0 when it did not occur.</summary>
        public double Seconds(string phase)
        {
            lock (_lock)
            {
                var i = _starts.FindIndex(s => s.Phase == phase);
                if (i < 0) return 0;
                var start = phase == "Reading" ? TimeSpan.Zero : _starts[i].Start;
                var end = i + 1 < _starts.Count ? _starts[i + 1].Start : _stopwatch.Elapsed;
                return ImportSuite.Seconds(end - start);
            }
        }
    }

    /// <summary>
    /// The highest working set (all memory of the process in RAM: managed heap, SQLite's page cache, code) and managed heap
    /// seen while it runs, sampled every 50 ms: <see cref="Process.PeakWorkingSet64"/> covers the whole process lifetime,
    /// file generation included.
    /// </summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private long _peakWorkingSet;
        private long _peakManaged;
        private bool _stopped;

        public MemorySampler()
        {
            Sample();
            _timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
        }

        public double PeakWorkingSetMegabytes => Megabytes(Interlocked.Read(ref _peakWorkingSet));
        public double PeakManagedMegabytes => Megabytes(Interlocked.Read(ref _peakManaged));

        public void Stop()
        {
            _timer.Dispose();
            if (!_stopped) Sample();
            lock (_lock) _stopped = true;
        }

        private void Sample()
        {
            // A timer callback can still be under way after the timer is disposed.
            lock (_lock)
            {
                if (_stopped) return;
                _process.Refresh();
                _peakWorkingSet = Math.Max(_peakWorkingSet, _process.WorkingSet64);
                _peakManaged = Math.Max(_peakManaged, GC.GetTotalMemory(false));
            }
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }
    }
}
