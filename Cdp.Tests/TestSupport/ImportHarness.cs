using Cdp.Core.Audit;
using System.Text;
using Cdp.Core.Data;
using Cdp.Core.Import;
using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdp.Tests.TestSupport;

/// <summary>A real database and import folder, and helpers to run imports of CSV text through the real service.</summary>
public sealed class ImportHarness : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cdp-import-{Guid.NewGuid():N}");

    private ImportHarness(TestDatabase database, FixedClock clock)
    {
        Database = database;
        Clock = clock;
        Files = new ImportFiles(_folder, maxUploadBytes: 50 * 1024 * 1024);
        Changes = new DataChanges();
        Service = new ImportService(database.Factory, clock, Changes, Files, NullLogger<ImportService>.Instance, new AuditLog(database.Factory, clock));
    }

    public TestDatabase Database { get; }
    public FixedClock Clock { get; }
    public ImportFiles Files { get; }
    public DataChanges Changes { get; }
    public ImportService Service { get; }

    public static async Task<ImportHarness> CreateAsync() => new(await TestDatabase.CreateAsync(), new FixedClock());

    /// <summary>Writes <paramref name="csv"/> in UTF-8 (or the given encoding) to a file and returns its path.</summary>
    public string WriteFile(string csv, Encoding? encoding = null) => WriteFile((encoding ?? new UTF8Encoding(false)).GetPreamble()
        .Concat((encoding ?? new UTF8Encoding(false)).GetBytes(csv)).ToArray());

    public string WriteFile(byte[] bytes)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public Task<ImportAnalysis> AnalyzeAsync(string path, ImportKind kind, ImportOptions? options = null) =>
        Service.AnalyzeAsync(path, kind, null, null, options ?? new ImportOptions(), TestContext.Current.CancellationToken);

    /// <summary>Analyses the file as the wizard does, then imports it with the suggested mapping (changed by <paramref name="remap"/>).</summary>
    public async Task<ImportResult> ImportAsync(string csv, ImportKind kind, ImportOptions? options = null,
        Func<IReadOnlyList<ColumnTarget>, IReadOnlyList<ColumnTarget>>? remap = null, CancellationToken cancellationToken = default,
        IProgress<ImportProgress>? progress = null)
    {
        return await ImportFileAsync(WriteFile(csv), kind, options, remap, cancellationToken, progress);
    }

    /// <summary>Like <see cref="ImportAsync"/>, for a file already on disk (bytes exactly as given).</summary>
    public async Task<ImportResult> ImportFileAsync(string path, ImportKind kind, ImportOptions? options = null,
        Func<IReadOnlyList<ColumnTarget>, IReadOnlyList<ColumnTarget>>? remap = null, CancellationToken cancellationToken = default,
        IProgress<ImportProgress>? progress = null)
    {
        options ??= new ImportOptions();
        var analysis = await AnalyzeAsync(path, kind, options);
        Assert.True(analysis.Problem is null, analysis.Problem);
        var mapping = remap is null ? analysis.Mapping : remap(analysis.Mapping);
        var effective = options with
        {
            DateOrder = options.DateOrder == Cdp.Core.Import.Parsing.DateOrder.Unknown ? analysis.DateOrder : options.DateOrder,
            DecimalSeparator = options.DecimalSeparator == Cdp.Core.Import.Parsing.DecimalSeparator.Unknown ? analysis.DecimalSeparator : options.DecimalSeparator,
        };
        return await Service.RunAsync(new ImportRequest(path, "test.csv", kind, analysis.Format!, mapping, effective), Actor.System, progress,
            cancellationToken == default ? TestContext.Current.CancellationToken : cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
