using Cdp.Core.Import;
using Cdp.Core.Import.Mapping;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Import;

/// <summary>
/// The preview says why a row would be rejected, and says it as the import's error report does; a mapping the
/// import would refuse is named before any run.
/// </summary>
public class ImportPreviewTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string LongId = new('x', 101);
    private static readonly string LongSku = new('S', 65);

    public static TheoryData<ImportKind, MatchKey, string, string> InvalidKeyCells => new()
    {
        { ImportKind.Customers, MatchKey.Email, "email,first name\nnot-an-email,Bad\n", "'not-an-email' is not a valid e-mail address" },
        { ImportKind.Customers, MatchKey.ExternalId, $"customer id,first name\n{LongId},Long\n", "is too long: at most 100 characters" },
        { ImportKind.Orders, MatchKey.Email, $"order id,email,sku,ordered at,unit price\nO1,a@example.com,{LongSku},2026-01-02,5\n",
            "is too long: at most 64 characters" },
        { ImportKind.Favorites, MatchKey.Email, "email,sku,added at\nnot-an-email,SKU-1,2026-01-02\n", "'not-an-email' is not a valid e-mail address" },
        { ImportKind.Favorites, MatchKey.Email, $"email,sku,added at\na@example.com,{LongSku},2026-01-02\n", "is too long: at most 64 characters" },
    };

    [Theory]
    [MemberData(nameof(InvalidKeyCells))]
    public async Task Analyze_KeyCellInvalid_ReportsTheCellErrorNotAMissingKey(ImportKind kind, MatchKey key, string csv, string cellError)
    {
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile(csv), kind, new ImportOptions { Key = key });

        var row = Assert.Single(analysis.Preview);
        Assert.Null(row.RowError);
        var error = Assert.Single(row.Cells, c => c.Error is not null).Error;
        Assert.Contains(cellError, error);
        Assert.Equal(error, row.Reason);
    }

    [Fact]
    public async Task Analyze_InvalidEmail_PreviewSaysWhatTheImportReportSays()
    {
        const string csv = "email,first name,birth date\na@example.com,Ann,1990-01-02\nnot-an-email,Bad,1990-13-45\n,Empty,1990-01-02\n";
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile(csv), ImportKind.Customers);
        var result = await harness.ImportAsync(csv, ImportKind.Customers, new ImportOptions { DryRun = true }, cancellationToken: Cancel);

        var invalid = analysis.Preview.Single(r => r.Line == 3);
        Assert.Null(invalid.RowError);
        Assert.Equal(invalid.Cells.Where(c => c.Error is not null).Select(c => c.Error),
            result.FirstErrors.Where(e => e.Line == 3).Select(e => e.Message));
        Assert.Equal("no e-mail: the e-mail identifies the customer", analysis.Preview.Single(r => r.Line == 4).RowError);
        Assert.Equal(["no e-mail: the e-mail identifies the customer"], result.FirstErrors.Where(e => e.Line == 4).Select(e => e.Message));
        Assert.Null(analysis.Preview.Single(r => r.Line == 2).Reason);
    }

    [Theory]
    [InlineData(MatchKey.Email, "Map a column to E-mail: it is the match key. Or match on Customer id instead.")]
    [InlineData(MatchKey.ExternalId, null)]
    public async Task Analyze_EmailNotImported_NamesTheMissingMatchKeyColumnOnlyWhenItIsTheKey(MatchKey key, string? problem)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var path = harness.WriteFile("email,customer id,first name\na@example.com,C1,Ann\n");
        var options = new ImportOptions { Key = key };

        var analysis = await harness.Service.AnalyzeAsync(path, ImportKind.Customers, null,
            [ColumnTarget.Ignored, ColumnTarget.ToField("externalId"), ColumnTarget.ToField("firstName")], options, Cancel);

        Assert.Null(analysis.Problem);
        Assert.Equal(problem, analysis.MappingProblem);
    }

    [Fact]
    public async Task Analyze_OrdersWithoutPrices_NamesTheColumnsToMap()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile("order id,email,sku,ordered at\nO1,a@example.com,S1,2026-01-02\n"), ImportKind.Orders);

        Assert.Equal("Map a column to Unit price or Line total: an order line needs them.", analysis.MappingProblem);
    }
}
