using Cdp.Core.Audit;
using System.Text;
using Cdp.Core.Customers;
using Cdp.Core.Import;
using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Import;

/// <summary>
/// Files a marketer might upload by mistake or that tools write oddly: each gets a clear answer, and the customers
/// already stored are unchanged afterwards.
/// </summary>
public class BadInputTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Stored = "email,first name,city\nkeep@example.com,Keep,Oslo";

    private static readonly byte[] Png =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06];

    private static readonly byte[] Xlsx =
        [.. "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"u8, .. Encoding.ASCII.GetBytes("[Content_Types].xml")];

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");

    public static TheoryData<string, byte[], string> UnreadableFiles => new()
    {
        { "empty", [], "The file is empty." },
        { "png", Png, "This is a binary file, not CSV text." },
        { "xlsx", Xlsx, "This is an Excel workbook or ZIP archive, not CSV." },
        { "pdf", Pdf, "This is a PDF, not CSV." },
        { "json", Encoding.UTF8.GetBytes("[{\"email\": \"a@example.com\", \"city\": \"Oslo\"}]"), "This is JSON, not CSV." },
        { "html", Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html><body><table><tr><td>a@example.com</td></tr></table></body></html>"),
            "This is HTML or XML, not CSV." },
        { "blank lines", Encoding.UTF8.GetBytes("\r\n\r\n   \r\n"), "The file contains only blank lines." },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task Analyze_FileThatIsNotCsv_SaysWhatItIsAndStoredDataStays(string kind, byte[] bytes, string problem)
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Stored, ImportKind.Customers, cancellationToken: Cancel);

        var analysis = await harness.AnalyzeAsync(harness.WriteFile(bytes), ImportKind.Customers);

        Assert.True(analysis.Problem?.StartsWith(problem, StringComparison.Ordinal), $"{kind}: {analysis.Problem}");
        Assert.Empty(analysis.Preview);
        await AssertStoredUnchangedAsync(harness);
    }

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public void Sniff_FileThatIsNotCsv_HasNoFormat(string kind, byte[] bytes, string problem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cdp-sniff-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        try
        {
            var result = CsvSniffer.Sniff(path, ImportKind.Customers);

            Assert.Null(result.Format);
            Assert.True(result.Problem?.StartsWith(problem, StringComparison.Ordinal), $"{kind}: {result.Problem}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Analyze_HeaderOnly_SaysThereAreNoRows()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile("email,first name,city\r\n"), ImportKind.Customers);

        Assert.Equal("The file has a header row but no data rows.", analysis.Problem);
    }

    [Fact]
    public async Task Analyze_OneLineOfProse_IsNotTakenForAHeader()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var prose = "Dear team, please find attached the customer list we talked about, " + string.Concat(Enumerable.Repeat(
            "which has grown a lot this year, and which we hope you can load before the campaign starts next week. ", 40));

        var analysis = await harness.AnalyzeAsync(harness.WriteFile(prose), ImportKind.Customers);

        Assert.NotNull(analysis.Problem);
        Assert.Contains("names no known column", analysis.Problem);
    }

    [Fact]
    public async Task Import_RaggedRows_RejectedWithLineAndCountsOthersImported()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Stored, ImportKind.Customers, cancellationToken: Cancel);

        var result = await harness.ImportAsync("""
            email,first name,city
            a@example.com,Anna,Bergen
            b@example.com,Bo,Lund,extra,values
            c@example.com,Cy
            d@example.com,Di,Turku
            """, ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal((2, 2), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Contains(result.FirstErrors, e => e.Line == 3 && e.Message == "the record has 5 values but the header has 3 columns");
        Assert.Contains(result.FirstErrors, e => e.Line == 4 && e.Message == "the record has 2 values but the header has 3 columns");
        var report = await File.ReadAllTextAsync(harness.Files.ErrorReportPath(result.ImportId), Cancel);
        Assert.Contains("b@example.com,Bo,Lund,extra,values", report);
        Assert.Equal(["a@example.com", "d@example.com", "keep@example.com"], await EmailsAsync(harness));
        await AssertStoredUnchangedAsync(harness);
    }

    [Fact]
    public async Task Analyze_RaggedRows_WarnsAndMarksThemInThePreview()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile("email,city\na@example.com,Oslo\nb@example.com,Lund,x\n"), ImportKind.Customers);

        Assert.Null(analysis.Problem);
        Assert.Contains(analysis.Warnings, w => w.Contains("1 of the first 2 rows has a different number of values"));
        Assert.Equal("the record has 3 values but the header has 2 columns", analysis.Preview[1].RowError);
        Assert.Null(analysis.Preview[0].RowError);
    }

    [Theory]
    [InlineData("email,city\na@example.com\n", "The only row has a different number of values than the header; it will be rejected.",
        "the record has 1 value but the header has 2 columns")]
    [InlineData("email\na@example.com,Oslo\nb@example.com\n", "1 of the first 2 rows has a different number of values than the header; it will be rejected.",
        "the record has 2 values but the header has 1 column")]
    [InlineData("email,city\na,b,c\nd,e,f\ng,h\n", "2 of the first 3 rows have a different number of values than the header; they will be rejected.",
        "the record has 3 values but the header has 2 columns")]
    public async Task Analyze_RaggedRows_CountSentencesAgree(string csv, string warning, string firstRowError)
    {
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile(csv), ImportKind.Customers);

        Assert.Contains(warning, analysis.Warnings);
        Assert.Equal(firstRowError, analysis.Preview[0].RowError);
    }

    [Fact]
    public async Task Import_UnterminatedQuote_RejectsFromThatLineRowsBeforeImported()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Stored, ImportKind.Customers, cancellationToken: Cancel);

        var result = await harness.ImportAsync(
            "email,first name,city\na@example.com,Anna,Bergen\nb@example.com,\"Bo,Lund\nc@example.com,Cy,Turku\n",
            ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal((1, 1), (result.Counts.Inserted, result.Counts.Rejected));
        var error = Assert.Single(result.FirstErrors);
        Assert.Equal(3, error.Line);
        Assert.Contains("a quote opened in this record is never closed", error.Message);
        Assert.Equal(["a@example.com", "keep@example.com"], await EmailsAsync(harness));
        await AssertStoredUnchangedAsync(harness);
    }

    [Fact]
    public async Task Import_UnterminatedQuoteBeforeMoreThanTheRecordLimit_SaysWhereAndChangesNothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Stored, ImportKind.Customers, cancellationToken: Cancel);
        var rest = string.Concat(Enumerable.Range(0, CsvFile.MaxRecordBytes / 30 + 1000).Select(i => $"c{i:D7}@example.com,Cy,Turku\n"));
        var path = harness.WriteFile("email,first name,city\na@example.com,Anna,Bergen\nb@example.com,\"Bo,Lund\n" + rest);

        var analysis = await harness.AnalyzeAsync(path, ImportKind.Customers);
        var result = await harness.Service.RunAsync(new ImportRequest(path, "big.csv", ImportKind.Customers,
            new CsvFileFormat(CsvEncoding.Utf8, ',', true), [ColumnTarget.ToField("email"), ColumnTarget.ToField("firstName"),
            ColumnTarget.ToField("city")], new ImportOptions()), Actor.System, null, Cancel);

        const string problem = "The record that starts on line 3 is longer than 16 MB, so it was not read: " +
            "most likely a quote opened there is never closed. Close the quote and import again.";
        Assert.Equal(problem, analysis.Problem);
        Assert.Equal(ImportStatus.Failed, result.Status);
        Assert.Equal("The import failed and nothing was changed: " + problem, result.Message);
        Assert.Equal(["keep@example.com"], await EmailsAsync(harness));
        await AssertStoredUnchangedAsync(harness);
    }

    [Fact]
    public async Task Analyze_UnterminatedQuoteInTheHeader_SaysSo()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var analysis = await harness.AnalyzeAsync(harness.WriteFile("email,\"first name,city\na@example.com,Anna,Oslo\n"), ImportKind.Customers);

        Assert.Equal("The header row (line 1) cannot be read: a quote opened in this record is never closed, so the rest of the file " +
            "was read as one value; close the quote and import again.", analysis.Problem);
    }

    [Fact]
    public void CsvFile_UnterminatedQuote_ReportsItOnTheLineItStarts()
    {
        var path = TempFile("email,city\na@example.com,Oslo\nb@example.com,\"Lund\nc@example.com,Turku\n");
        try
        {
            using var file = CsvFile.Open(path, new CsvFileFormat(CsvEncoding.Utf8, ',', true));
            var records = new List<(long Line, string? Error)>();
            while (file.Read()) records.Add((file.LineNumber, file.ShapeError()));

            Assert.Equal(2, records.Count);
            Assert.Equal((2L, (string?)null), records[0]);
            Assert.Equal(3, records[1].Line);
            Assert.Contains("never closed", records[1].Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Import_HundredThousandCharacterCell_RejectedWithItsLengthOthersImported()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Stored, ImportKind.Customers, cancellationToken: Cancel);
        var huge = new string('x', 100_000);

        var result = await harness.ImportAsync(
            $"email,first name,notes\na@example.com,{huge},fine\nb@example.com,Bo,{huge}\nc@example.com,Cy,short\n",
            ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal((1, 2), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Contains(result.FirstErrors, e => e.Line == 2 && e.Column == "first name"
            && e.Message == "'" + new string('x', 57) + "…' (100,000 characters) is too long: at most 100 characters");
        Assert.Contains(result.FirstErrors, e => e.Line == 3 && e.Column == "notes"
            && e.Message.EndsWith("(100,000 characters) is too long: at most 2,000 characters", StringComparison.Ordinal));
        Assert.Equal(["c@example.com", "keep@example.com"], await EmailsAsync(harness));
        await AssertStoredUnchangedAsync(harness);
    }

    [Fact]
    public async Task Import_Windows1252File_ReadsUmlautsCorrectly()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("email;last name;city\r\nm@example.com;Müller;Düsseldorf\r\n");
        var path = harness.WriteFile(bytes);

        var analysis = await harness.AnalyzeAsync(path, ImportKind.Customers);
        var result = await RunAsync(harness, path, analysis);

        Assert.Equal(CsvEncoding.Windows1252, analysis.Format!.Encoding);
        Assert.Equal("Müller", analysis.Preview[0].Cells[1].Display);
        Assert.Equal(1, result.Counts.Inserted);
        await using var db = harness.Database.NewContext();
        var customer = await db.Customers.SingleAsync(Cancel);
        Assert.Equal(("Müller", "Düsseldorf"), (customer.LastName, customer.City));
    }

    public static TheoryData<string, CsvEncoding> Unicode => new()
    {
        { "utf-8 bom", CsvEncoding.Utf8WithBom },
        { "utf-16 le", CsvEncoding.Utf16LittleEndian },
        { "utf-16 be", CsvEncoding.Utf16BigEndian },
    };

    [Theory]
    [MemberData(nameof(Unicode))]
    public async Task Import_UnicodeWithByteOrderMark_HeaderAndTextReadCleanly(string name, CsvEncoding encoding)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var path = harness.WriteFile("email,last name,city\r\nz@example.com,Żółć,Kraków\r\n",
            new CsvFileFormat(encoding, ',', true).TextEncoding);

        var analysis = await harness.AnalyzeAsync(path, ImportKind.Customers);
        var result = await RunAsync(harness, path, analysis);

        Assert.Equal(encoding, analysis.Format!.Encoding);
        Assert.Equal("email", analysis.Headers[0]);   // the byte order mark is not part of the first header
        Assert.Equal(ColumnTarget.ToField("email"), analysis.Columns[0].Target);
        Assert.True(result.Counts.Inserted == 1, name);
        await using var db = harness.Database.NewContext();
        var customer = await db.Customers.SingleAsync(Cancel);
        Assert.Equal(("z@example.com", "Żółć", "Kraków"), (customer.Email, customer.LastName, customer.City));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    [InlineData(',')]
    public async Task Import_Separator_DetectedAndCommaInsideValuesKept(char separator)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var rows = new[] { "email,first name,city,income", "a@example.com,Anna,\"Bergen, Norway\",1000", "b@example.com,Bo,Lund,2000" };
        var csv = string.Join("\r\n", rows.Select(r => separator == ',' ? r : r.Replace(",", separator.ToString()).Replace($"Bergen{separator} Norway", "Bergen, Norway")));
        var path = harness.WriteFile(csv);

        var analysis = await harness.AnalyzeAsync(path, ImportKind.Customers);
        var result = await RunAsync(harness, path, analysis);

        Assert.Equal(separator, analysis.Format!.Separator);
        Assert.Equal(["email", "first name", "city", "income"], analysis.Headers);
        Assert.Equal(2, result.Counts.Inserted);
        Assert.Equal("Bergen, Norway", await harness.Database.ScalarAsync<string>("SELECT City FROM Customers WHERE Email = 'a@example.com'"));
    }

    [Fact]
    public async Task Import_RepeatedAndBlankHeaders_EachColumnKeptApart()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var path = harness.WriteFile("email,city,city,,Loyalty Tier,loyalty-tier\na@example.com,Oslo,Bergen,blue,gold,silver\n");

        var analysis = await harness.AnalyzeAsync(path, ImportKind.Customers);
        var result = await RunAsync(harness, path, analysis);

        Assert.Equal(["email", "city", "city (2)", "Column 4", "Loyalty Tier", "loyalty-tier"], analysis.Headers);
        Assert.Contains(analysis.Warnings, w => w.StartsWith("Blank or repeated column names were made unique", StringComparison.Ordinal));
        var attributes = analysis.Columns.Where(c => c.Target.Kind == TargetKind.Attribute).Select(c => c.Target.Attribute).ToList();
        Assert.Equal(attributes.Distinct().Count(), attributes.Count);
        Assert.Equal(1, result.Counts.Inserted);
        await using var db = harness.Database.NewContext();
        var customer = await db.Customers.SingleAsync(Cancel);
        Assert.Equal("Oslo", customer.City);
        var stored = CustomAttributes.Parse(customer.Attributes).Values.Select(v => v.ToString()).Order().ToList();
        Assert.Equal(["Bergen", "blue", "gold", "silver"], stored);
    }

    [Fact]
    public async Task Analyze_ChosenMappingSendsTwoColumnsToOneField_Warns()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var path = harness.WriteFile("email,home city,work city\na@example.com,Oslo,Bergen\n");
        IReadOnlyList<ColumnTarget> mapping = [ColumnTarget.ToField("email"), ColumnTarget.ToField("city"), ColumnTarget.ToField("city")];

        var analysis = await harness.Service.AnalyzeAsync(path, ImportKind.Customers, null, mapping, new ImportOptions(), Cancel);

        Assert.Contains(analysis.Warnings, w => w.StartsWith("Columns 'home city' and 'work city' all go to city", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_FormulaLookingCells_StoredVerbatimAsText()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var result = await harness.ImportAsync("""
            email,first name,last name,city,notes
            a@example.com,=SUM(A1),+1,-2,@x
            b@example.com,'=HYPERLINK(x),'-3,=1+1,'@y
            """, ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal(2, result.Counts.Inserted);
        await using var db = harness.Database.NewContext();
        var a = await db.Customers.SingleAsync(c => c.Email == "a@example.com", Cancel);
        Assert.Equal(("=SUM(A1)", "+1", "-2"), (a.FirstName, a.LastName, a.City));
        Assert.Equal("@x", CustomAttributes.Parse(a.Attributes)["notes"].GetString());
        // An apostrophe before a formula character is how our own exports neutralise formulas: it is undone.
        var b = await db.Customers.SingleAsync(c => c.Email == "b@example.com", Cancel);
        Assert.Equal(("=HYPERLINK(x)", "-3", "=1+1"), (b.FirstName, b.LastName, b.City));
        Assert.Equal("@y", CustomAttributes.Parse(b.Attributes)["notes"].GetString());
    }

    [Fact]
    public async Task Run_EmptyFileWithAChosenFormat_FailsClearlyAndChangesNothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Stored, ImportKind.Customers, cancellationToken: Cancel);
        var path = harness.WriteFile([]);

        var result = await harness.Service.RunAsync(new ImportRequest(path, "empty.csv", ImportKind.Customers,
            new CsvFileFormat(CsvEncoding.Utf8, ',', true), [ColumnTarget.ToField("email")], new ImportOptions()), Actor.System, null, Cancel);

        Assert.Equal(ImportStatus.Failed, result.Status);
        Assert.Equal("The file is empty.", result.Message);
        Assert.Equal(ImportStatus.Failed, (await harness.Service.GetAsync(result.ImportId, Cancel))!.Status);   // not left "running"
        await AssertStoredUnchangedAsync(harness);
    }

    private static Task<ImportResult> RunAsync(ImportHarness harness, string path, ImportAnalysis analysis)
    {
        Assert.True(analysis.Problem is null, analysis.Problem);
        var options = new ImportOptions { DateOrder = analysis.DateOrder, DecimalSeparator = analysis.DecimalSeparator };
        return harness.Service.RunAsync(new ImportRequest(path, "file.csv", ImportKind.Customers, analysis.Format!, analysis.Mapping, options), Actor.System,
            null, Cancel);
    }

    private static async Task AssertStoredUnchangedAsync(ImportHarness harness)
    {
        await using var db = harness.Database.NewContext();
        var kept = await db.Customers.SingleAsync(c => c.Email == "keep@example.com", Cancel);
        Assert.Equal(("Keep", "Oslo"), (kept.FirstName, kept.City));
    }

    private static async Task<List<string?>> EmailsAsync(ImportHarness harness)
    {
        await using var db = harness.Database.NewContext();
        return await db.Customers.OrderBy(c => c.Email).Select(c => c.Email).ToListAsync(Cancel);
    }

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cdp-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
