using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Globalization;
using Cdp.Core.Audit;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Import.Csv;
using Cdp.Core.Import.History;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Staging;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdp.Core.Import;

/// <summary>
/// Runs imports: one at a time, each in a single transaction, so that a cancelled, failed, refused
/// (all-or-nothing) or dry run leaves the database exactly as it was, and a completed one is all there. The audit
/// log records who started each run and how it ended.
/// </summary>
public sealed class ImportService(
    IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock, DataChanges changes, ImportFiles files,
    ILogger<ImportService> logger, AuditLog audit)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Detects the format of an uploaded file, suggests a mapping, and previews the first rows.</summary>
    public async Task<ImportAnalysis> AnalyzeAsync(
        string path, ImportKind kind, CsvFileFormat? format, IReadOnlyList<ColumnTarget>? mapping, ImportOptions options,
        CancellationToken cancellationToken = default)
    {
        var attributes = await AttributeTypesAsync(cancellationToken);
        return await Task.Run(() => ImportAnalyzer.Analyze(path, kind, format, mapping, options, attributes), cancellationToken);
    }

    /// <summary>The custom attributes already in the data, with their types.</summary>
    public async Task<IReadOnlyDictionary<string, FieldType>> AttributeTypesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CustomAttributeDefinitions.AsNoTracking().ToDictionaryAsync(a => a.Name, a => a.Type, cancellationToken);
    }

    /// <summary>Runs one import; <paramref name="actor"/> is who started it, as the audit log names them.</summary>
    public async Task<ImportResult> RunAsync(ImportRequest request, Actor actor, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var run = await StartAsync(request, actor, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var waiting = true;
        try
        {
            var (converter, problem) = Prepare(request);
            if (problem is not null) return await FinishAsync(run, actor, Failed(run, request, problem, stopwatch));

            if (_oneAtATime.CurrentCount == 0) progress?.Report(new ImportProgress("Waiting", 0, 0, 0, 0, null));
            await _oneAtATime.WaitAsync(cancellationToken);
            waiting = false;
            var result = await Task.Run(() => Execute(run.Id, request, converter!, progress, stopwatch, cancellationToken), CancellationToken.None);
            if (result.Applied) changes.Notify();
            return await FinishAsync(run, actor, result);
        }
        catch (OperationCanceledException)
        {
            return await FinishAsync(run, actor, Failed(run, request, "Cancelled: the database is as it was before the import.", stopwatch, ImportStatus.Cancelled));
        }
        catch (Exception e) when (e is IOException or CsvHelper.CsvFormatException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogError(e, "Import {ImportId} failed", run.Id);
            return await FinishAsync(run, actor, Failed(run, request, $"The import failed and nothing was changed: {e.Message}", stopwatch));
        }
        catch (Exception e)
        {
            // Whatever went wrong, the transaction was rolled back: the run is recorded as failed rather than left running.
            logger.LogError(e, "Import {ImportId} failed unexpectedly", run.Id);
            return await FinishAsync(run, actor, Failed(run, request,
                $"The import failed unexpectedly and nothing was changed. The server log has the details (import {run.Id}).", stopwatch));
        }
        finally
        {
            if (!waiting) _oneAtATime.Release();
        }
    }

    /// <summary>The converter for the file's columns, or why the file or mapping cannot be imported at all.</summary>
    private static (RowConverter? Converter, string? Problem) Prepare(ImportRequest request)
    {
        using var file = CsvFile.Open(request.FilePath, request.Format);
        if (file.HeaderProblem is { } header) return (null, header);
        if (file.Headers.Count == 0) return (null, "The file is empty.");
        var converter = new RowConverter(request.Kind, file.Headers, request.Mapping, request.Options.DateOrder, request.Options.DecimalSeparator);
        return (converter, ImportStages.CheckMapping(request.Kind, converter.MappedFields, request.Options));
    }

    public async Task<IReadOnlyList<ImportRun>> HistoryAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Imports.AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<ImportRun?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Imports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>
    /// Imports still marked running when the app starts were cut off (the process stopped): their transaction
    /// never committed, so SQLite rolled it back. They are marked failed, and the audit log says so.
    /// </summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken cancellationToken = default)
    {
        const string message = "Interrupted: the app stopped during the import. Nothing of it was saved; run it again.";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var running = await db.Imports.Where(r => r.Status == ImportStatus.Running).ToListAsync(cancellationToken);
        foreach (var run in running)
        {
            (run.Status, run.FinishedAt, run.Message) = (ImportStatus.Failed, clock.GetUtcNow().UtcDateTime, message);
            await audit.RecordAsync(db, new AuditRecord(Actor.System, AuditActions.Failed, AuditEntityTypes.Import, Id(run), run.FileName,
                After: new { run.Kind, run.DryRun, Message = message }), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return running.Count;
    }

    private ImportResult Execute(int importId, ImportRequest request, RowConverter converter, IProgress<ImportProgress>? progress,
        Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        using var db = dbFactory.CreateDbContext();
        db.Database.OpenConnection();
        BulkLoad.UseLargeCacheAsync(db, cancellationToken, BulkLoad.ImportCacheKibibytes).GetAwaiter().GetResult();
        using var transaction = db.Database.BeginTransaction();
        var sql = new SqlSession(db);
        using var report = new ErrorReport(files.ErrorReportPath(importId));
        var now = clock.GetUtcNow().UtcDateTime;
        using var stage = ImportStages.Create(request.Kind, sql, converter, request.Options, now);

        var rows = ReadAndStage(request, converter, stage, report, progress, stopwatch, cancellationToken);
        progress?.Report(new ImportProgress("Merging", rows, 1, 1, rows / Math.Max(0.001, stopwatch.Elapsed.TotalSeconds), null));
        var outcome = stage.Merge(cancellationToken);
        ReportSetRejections(request, outcome.Rejected, report);

        if (outcome.TouchedCustomers is { } touched)
        {
            progress?.Report(new ImportProgress("Recomputing", rows, 1, 1, 0, null));
            CustomerMetrics.RecomputeAsync(db, db.Database.SqlQueryRaw<int>(touched), cancellationToken).GetAwaiter().GetResult();
            // RFM scores are relative to everyone, so new orders for some customers rescore them all.
            ValueMetrics.RecomputeAsync(db, now, cancellationToken).GetAwaiter().GetResult();
        }
        // Co-purchases, best-sellers and levels follow orders and products; a dry run is rolled back, so it skips them.
        if (request.Kind is ImportKind.Orders or ImportKind.Products && !request.Options.DryRun)
        {
            progress?.Report(new ImportProgress("Recomputing", rows, 1, 1, 0, null));
            RecommendationTables.RecomputeAsync(db, cancellationToken).GetAwaiter().GetResult();
        }
        cancellationToken.ThrowIfCancellationRequested();

        var counts = new ImportCounts(rows, outcome.Inserted, outcome.Updated, outcome.Unchanged, report.RejectedRows, outcome.Merged);
        var refused = request.Options.Policy == ErrorPolicy.AllOrNothing && report.RejectedRows > 0;
        if (request.Options.DryRun || refused) transaction.Rollback();
        else transaction.Commit();

        var message = refused
            ? (report.RejectedRows == 1 ? "1 row is invalid, so nothing was imported (all or nothing). Fix it"
                : $"{report.RejectedRows:N0} rows are invalid, so nothing was imported (all or nothing). Fix them") + ", or choose to skip invalid rows."
            : request.Options.DryRun ? "Dry run: nothing was changed." : null;
        return new ImportResult(importId, refused ? ImportStatus.Failed : ImportStatus.Completed, request.Options.DryRun, counts,
            outcome.Created, report.Reasons, report.FirstErrors, message, stopwatch.Elapsed);
    }

    /// <summary>
    /// Reads, converts and stages the file record by record, so memory stays flat whatever the file size.
    /// </summary>
    /// <remarks>
    /// Reading on one thread and writing on another was measured slower here: the two cores of these machines
    /// share too much, and the threads' allocations and SQLite's work then slow each other down.
    /// </remarks>
    private static int ReadAndStage(ImportRequest request, RowConverter converter, ImportStage stage, ErrorReport report,
        IProgress<ImportProgress>? progress, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        using var file = CsvFile.Open(request.FilePath, request.Format);
        var rows = 0;
        var lastReport = -ProgressInterval;
        while (file.Read())
        {
            rows++;
            if (file.ShapeError() is { } shape) report.Add(file.LineNumber, null, null, shape, file.RawRecord);
            else
            {
                var row = converter.Convert(file.Get);
                if (row.Errors.Count > 0)
                {
                    var raw = file.RawRecord;
                    foreach (var error in row.Errors) report.Add(file.LineNumber, error.Header, error.Value, error.Message, raw);
                    stage.Rejected(file.LineNumber, row);
                }
                else if (stage.Check(row) is { } problem)
                {
                    report.Add(file.LineNumber, null, null, problem, file.RawRecord);
                    stage.Rejected(file.LineNumber, row);
                }
                else stage.Stage(file.LineNumber, stage.Prepare(row));
            }

            if ((rows & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (progress is not null && stopwatch.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = stopwatch.Elapsed;
                    progress.Report(Progress(file.Length, file.Position, rows, stopwatch.Elapsed));
                }
            }
        }
        progress?.Report(Progress(file.Length, file.Length, rows, stopwatch.Elapsed));
        return rows;
    }

    private static ImportProgress Progress(long length, long position, int rows, TimeSpan elapsed)
    {
        var rate = rows / Math.Max(0.001, elapsed.TotalSeconds);
        var fraction = length == 0 ? 1 : (double)position / length;
        TimeSpan? remaining = fraction is > 0.01 and < 1 ? elapsed * ((1 - fraction) / fraction) : null;
        return new ImportProgress("Reading", rows, position, length, rate, remaining);
    }

    /// <summary>Rejections found by the merge name lines only: the file is read once more for their original rows.</summary>
    private static void ReportSetRejections(ImportRequest request, IReadOnlyList<(long Line, string Message)> rejected, ErrorReport report)
    {
        if (rejected.Count == 0) return;
        var byLine = rejected.GroupBy(r => r.Line).ToDictionary(g => g.Key, g => g.Select(r => r.Message).ToList());
        using var file = CsvFile.Open(request.FilePath, request.Format);
        while (byLine.Count > 0 && file.Read())
        {
            if (!byLine.Remove(file.LineNumber, out var messages)) continue;
            foreach (var message in messages) report.Add(file.LineNumber, null, null, message, file.RawRecord);
        }
    }

    private async Task<ImportRun> StartAsync(ImportRequest request, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = new ImportRun
        {
            Kind = request.Kind,
            FileName = Path.GetFileName(request.FileName),
            FileBytes = new FileInfo(request.FilePath).Length,
            Status = ImportStatus.Running,
            DryRun = request.Options.DryRun,
            StartedAt = clock.GetUtcNow().UtcDateTime,
            Settings = JsonSerializer.Serialize(new { request.Format, request.Mapping, request.Options }, Json),
        };
        db.Imports.Add(run);
        await audit.SaveWithEntryAsync(db, () => new AuditRecord(actor, AuditActions.Started, AuditEntityTypes.Import, Id(run), run.FileName,
            After: new { run.Kind, run.FileName, run.FileBytes, run.DryRun }), cancellationToken);
        return run;
    }

    private static string Id(ImportRun run) => run.Id.ToString(CultureInfo.InvariantCulture);

    private static ImportResult Failed(ImportRun run, ImportRequest request, string message, Stopwatch stopwatch, ImportStatus status = ImportStatus.Failed) =>
        new(run.Id, status, request.Options.DryRun, ImportCounts.None, new Dictionary<string, int>(), [], [], message, stopwatch.Elapsed);

    private async Task<ImportResult> FinishAsync(ImportRun run, Actor actor, ImportResult result)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var counts = result.Counts;
        await db.Imports.Where(r => r.Id == run.Id).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Status, result.Status)
            .SetProperty(r => r.FinishedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(r => r.Rows, counts.Rows)
            .SetProperty(r => r.Inserted, counts.Inserted)
            .SetProperty(r => r.Updated, counts.Updated)
            .SetProperty(r => r.Unchanged, counts.Unchanged)
            .SetProperty(r => r.Rejected, counts.Rejected)
            .SetProperty(r => r.Merged, counts.Merged)
            .SetProperty(r => r.Message, result.Message)
            .SetProperty(r => r.Summary, JsonSerializer.Serialize(new { result.Created, result.Reasons }, Json)));
        var action = result.Status switch
        {
            ImportStatus.Completed => AuditActions.Completed,
            ImportStatus.Cancelled => AuditActions.Cancelled,
            _ => AuditActions.Failed,
        };
        await audit.RecordAsync(db, new AuditRecord(actor, action, AuditEntityTypes.Import, Id(run), run.FileName,
            After: new { run.Kind, result.DryRun, counts.Rows, counts.Inserted, counts.Updated, counts.Unchanged, counts.Rejected, counts.Merged, result.Message }));
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        logger.LogInformation("Import {ImportId} ({Kind}) {Status}{DryRun}: {Rows} rows, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected in {Seconds:F1} s",
            run.Id, run.Kind, result.Status, result.DryRun ? " (dry run)" : "", counts.Rows, counts.Inserted, counts.Updated,
            counts.Unchanged, counts.Rejected, result.Elapsed.TotalSeconds);
        return result;
    }
}
