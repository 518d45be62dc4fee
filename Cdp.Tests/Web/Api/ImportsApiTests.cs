using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cdp.Tests.TestSupport;
using Cdp.Tests.Web.Browser;

namespace Cdp.Tests.Web.Api;

/// <summary>One running app for the API tests: a few demo customers, a 1 MB upload limit and its own import folder.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const int DemoCustomers = 20;

    private readonly string _importFolder = Path.Combine(Path.GetTempPath(), $"cdp-api-imports-{Guid.NewGuid():N}");

    public AppServer App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string UploadsFolder => Path.Combine(_importFolder, "uploads");

    public async ValueTask InitializeAsync()
    {
        App = await AppServer.StartAsync(DemoCustomers, new Dictionary<string, string>
        {
            ["Cdp:Import:MaxUploadMegabytes"] = "1",
            ["Cdp:Import:Folder"] = _importFolder,
        });
        Http = App.CreateHttpClient(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null) await App.DisposeAsync();
        try { Directory.Delete(_importFolder, recursive: true); } catch (IOException) { }
    }
}

public class ImportsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Import_GoodCustomersFile_ReportsCountsAndStatusIsReadable()
    {
        var uploads = Directory.GetFiles(fixture.UploadsFolder).Length;   // other tests' wizard uploads stay until they expire
        var response = await PostImportAsync(Csv("""
            E-mail,First name,Last name,Country,Loyalty points
            good1@example.com,Ada,Lovelace,GB,10
            good2@example.com,Alan,Turing,United Kingdom,20
            good3@example.com,Grace,Hopper,USA,30
            """));

        var json = await OkJsonAsync(response);
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal(3, json.GetProperty("inserted").GetInt32());
        Assert.Equal(0, json.GetProperty("rejected").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("errorReport").ValueKind);
        Assert.Equal("Turing", await ScalarAsync<string>("SELECT LastName FROM Customers WHERE Email = 'good2@example.com'"));

        var id = json.GetProperty("importId").GetInt32();
        var status = await OkJsonAsync(await Http.GetAsync($"api/imports/{id}", Cancel));
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("inserted").GetInt32());
        Assert.Equal("customers", status.GetProperty("kind").GetString());
        Assert.Equal(uploads, Directory.GetFiles(fixture.UploadsFolder).Length);   // this import's upload is deleted after the run
    }

    [Fact]
    public async Task Import_DryRun_ReportsWhatWouldHappenAndChangesNothing()
    {
        var before = await SnapshotAsync();

        var json = await OkJsonAsync(await PostImportAsync(Csv("""
            email,first name
            dry1@example.com,Dry
            dry2@example.com,Run
            """), ("dryRun", "true")));

        Assert.True(json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, json.GetProperty("inserted").GetInt32());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_FieldsAfterTheFileAndAnExplicitMapping_AreHonoured()
    {
        using var content = new MultipartFormDataContent();
        content.Add(FilePart(Csv("""
            Mail,Vorname,Notes,Tier
            mapped@example.com,Mia,call back,gold
            """)), "file", "crm.csv");
        content.Add(new StringContent("customers"), "kind");
        content.Add(new StringContent("""{"Mail": "email", "Vorname": "firstName", "Notes": "ignore", "Tier": "attr:loyaltyTier"}"""), "mapping");

        var json = await OkJsonAsync(await Http.PostAsync("api/imports", content, Cancel));

        Assert.Equal(1, json.GetProperty("inserted").GetInt32());
        Assert.Equal("Mia", await ScalarAsync<string>("SELECT FirstName FROM Customers WHERE Email = 'mapped@example.com'"));
        Assert.Equal("""{"loyaltyTier":"gold"}""", await ScalarAsync<string>("SELECT Attributes FROM Customers WHERE Email = 'mapped@example.com'"));
    }

    [Theory]
    [InlineData("empty", "The file is empty")]
    [InlineData("header only", "header row but no data rows")]
    [InlineData("png", "binary file, not CSV")]
    [InlineData("xlsx", "Excel workbook")]
    [InlineData("json", "This is JSON, not CSV")]
    [InlineData("html", "This is HTML or XML, not CSV")]
    public async Task Import_FileThatCannotBeImported_Is400NamingTheProblemAndChangesNothing(string file, string expected)
    {
        byte[] bytes = file switch
        {
            "empty" => [],
            "header only" => Csv("email,first name,last name\n"),
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0],
            "xlsx" => [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0, 0x21, 0, .. Encoding.ASCII.GetBytes("[Content_Types].xml")],
            "json" => Csv("""[{"email": "json@example.com", "firstName": "Jay"}]"""),
            "html" => Csv("<!DOCTYPE html><html><body><table><tr><td>email</td></tr></table></body></html>"),
            _ => throw new ArgumentOutOfRangeException(nameof(file)),
        };
        var before = await SnapshotAsync();

        var problem = await ProblemAsync(await PostImportAsync(bytes), HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("kind", "shoes", "'shoes' is not a valid kind: use customers, orders, products, favorites")]
    [InlineData("mode", "upsert", "'upsert' is not a valid mode: use insertAndUpdate, insertOnly, updateOnly")]
    [InlineData("key", "phone", "'phone' is not a valid key: use email, externalId")]
    [InlineData("policy", "yolo", "'yolo' is not a valid policy: use skipInvalidRows, allOrNothing")]
    [InlineData("dryRun", "maybe", "'maybe' is not a valid dryRun: use true or false")]
    [InlineData("mapping", "{\"email\": ", "The mapping is not a JSON object of column names to field keys")]
    [InlineData("mapping", "[\"email\"]", "The mapping is not a JSON object")]
    [InlineData("mapping", "{\"Phone\": \"email\"}", "The mapping names the column 'Phone', which the file does not have. Its columns are: 'email', 'first name'")]
    [InlineData("mapping", "{\"first name\": \"shoeSize\"}", "sends 'first name' to 'shoeSize', which is not a field of customers imports")]
    [InlineData("mapping", "{\"first name\": \"attr:has space\"}", "is not a valid attribute name")]
    [InlineData("mapping", "{\"email\": \"ignore\"}", "Map a column to E-mail: it is the match key")]
    [InlineData("colour", "blue", "Unknown field 'colour'")]
    public async Task Import_InvalidField_Is400NamingTheFieldAndChangesNothing(string field, string value, string expected)
    {
        var before = await SnapshotAsync();
        // An earlier test's accepted upload may still be finishing (and deleting its file) in the background.
        var uploadsBefore = Directory.GetFiles(fixture.UploadsFolder);
        using var content = new MultipartFormDataContent();
        if (field != "kind") content.Add(new StringContent("customers"), "kind");
        content.Add(new StringContent(value), field);
        content.Add(FilePart(Csv("email,first name\ninvalid-field@example.com,Iva\n")), "file", "customers.csv");

        var problem = await ProblemAsync(await Http.PostAsync("api/imports", content, Cancel), HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Empty(Directory.GetFiles(fixture.UploadsFolder).Except(uploadsBefore));
    }

    [Fact]
    public async Task Import_WithoutFile_Is400()
    {
        using var content = new MultipartFormDataContent { { new StringContent("customers"), "kind" } };

        var problem = await ProblemAsync(await Http.PostAsync("api/imports", content, Cancel), HttpStatusCode.BadRequest);

        Assert.Contains("The request has no file: send the CSV in a multipart part named 'file'", problem);
    }

    [Fact]
    public async Task Import_NotMultipart_Is400()
    {
        var problem = await ProblemAsync(
            await Http.PostAsync("api/imports", new StringContent("email\na@example.com", Encoding.UTF8, "text/csv"), Cancel), HttpStatusCode.BadRequest);

        Assert.Contains("multipart/form-data", problem);
    }

    [Fact]
    public async Task Import_RaggedRows_RejectedWithReasonsOthersImported()
    {
        var json = await OkJsonAsync(await PostImportAsync(Csv("""
            email,first name,city
            ragged1@example.com,Ann,Oslo
            ragged2@example.com,Bob,Oslo,extra,values
            ragged3@example.com
            ragged4@example.com,Dan,Bergen
            """)));

        Assert.Equal(2, json.GetProperty("inserted").GetInt32());
        Assert.Equal(2, json.GetProperty("rejected").GetInt32());
        var messages = Messages(json);
        Assert.Contains("line 3: the record has 5 values but the header has 3 columns", messages);
        Assert.Contains("line 4: the record has 1 value but the header has 3 columns", messages);
        Assert.Equal(0, await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Email IN ('ragged2@example.com', 'ragged3@example.com')"));
    }

    [Fact]
    public async Task Import_UnterminatedQuote_RowRejectedSayingTheQuoteIsNeverClosed()
    {
        var json = await OkJsonAsync(await PostImportAsync(Csv("email,first name,city\nquote1@example.com,Ann,Oslo\nquote2@example.com,\"Bob,Oslo\nquote3@example.com,Cy,Bergen\n")));

        Assert.Equal(1, json.GetProperty("inserted").GetInt32());
        Assert.Contains(Messages(json), m => m.StartsWith("line 3: a quote opened in this record is never closed", StringComparison.Ordinal));
        Assert.Equal(0, await ScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Email IN ('quote2@example.com', 'quote3@example.com')"));
    }

    [Fact]
    public async Task Import_HundredThousandCharacterCell_RejectedWithShortMessage()
    {
        var huge = new string('x', 100_000);
        var json = await OkJsonAsync(await PostImportAsync(Csv($"email,first name\nhuge1@example.com,{huge}\nhuge2@example.com,Normal\n")));

        Assert.Equal(1, json.GetProperty("inserted").GetInt32());
        Assert.Equal(1, json.GetProperty("rejected").GetInt32());
        var error = json.GetProperty("errors")[0];
        Assert.Contains("(100,000 characters) is too long: at most 100 characters", error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("value").GetString()!.Length <= 201, "the JSON answer shortens the rejected value");
    }

    [Fact]
    public async Task Import_Windows1252File_DecodedCorrectly()
    {
        var bytes = Encoding.Latin1.GetBytes("email,first name,last name,city\nmueller@example.com,J\u00fcrgen,M\u00fcller,K\u00f6ln\n");

        var json = await OkJsonAsync(await PostImportAsync(bytes));

        Assert.Equal(1, json.GetProperty("inserted").GetInt32());
        Assert.Equal("Jürgen Müller Köln", await ScalarAsync<string>(
            "SELECT FirstName || ' ' || LastName || ' ' || City FROM Customers WHERE Email = 'mueller@example.com'"));
    }

    [Fact]
    public async Task Import_DuplicateAndBlankHeaders_MadeUniqueAndWarned()
    {
        var json = await OkJsonAsync(await PostImportAsync(Csv("""
            email,first name,note,note,
            headers@example.com,Hal,one,two,three
            """)));

        Assert.Equal(1, json.GetProperty("inserted").GetInt32());
        Assert.Contains(json.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("Blank or repeated column names were made unique"));
        var attributes = await ScalarAsync<string>("SELECT Attributes FROM Customers WHERE Email = 'headers@example.com'");
        Assert.Contains("\"one\"", attributes);
        Assert.Contains("\"two\"", attributes);
    }

    [Fact]
    public async Task Import_FormulaLookingCells_StoredAsTextAndExportedNeutralised()
    {
        await OkJsonAsync(await PostImportAsync(Csv("""
            email,first name,last name,city
            formula@example.com,=SUM(A1),"=HYPERLINK(""http://evil.example"",""x"")",@risky
            """)));

        Assert.Equal("=SUM(A1)", await ScalarAsync<string>("SELECT FirstName FROM Customers WHERE Email = 'formula@example.com'"));

        var response = await Http.GetAsync("api/customers/export.csv?search=formula%40", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^customers-\d{4}-\d{2}-\d{2}\.csv$", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Customer id,E-mail,First name,Last name,", lines[0]);
        Assert.Contains("formula@example.com,\"'=SUM(A1)\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", lines[1]);
        Assert.Contains("\"'@risky\"", lines[1]);
    }

    [Fact]
    public async Task Export_FilteredAsTheGridIs_OnlyMatchingCustomers()
    {
        var response = await Http.GetAsync("api/customers/export.csv?filter=Email:startsWith:good&sort=Email", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Skip(1), line => Assert.Contains(",good", line));
    }

    [Theory]
    [InlineData("filter=Password:equals:x", "Unknown column 'Password'")]
    [InlineData("filter=TotalSpent:greaterThan:lots", "'lots' is not a valid Decimal for 'TotalSpent'")]
    [InlineData("filter=Country:sounds:DE", "is not Column:operator[:value]")]
    [InlineData("sort=Password", "Cannot sort by 'Password'")]
    [InlineData("page=2", "Unknown query parameter 'page'")]
    public async Task Export_InvalidQuery_Is400NamingIt(string query, string expected)
    {
        var problem = await ProblemAsync(await Http.GetAsync($"api/customers/export.csv?{query}", Cancel), HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem);
    }

    [Fact]
    public async Task ErrorReport_Download_HasLineNumbersAndMessages()
    {
        var json = await OkJsonAsync(await PostImportAsync(Csv("""
            email,first name,birth date
            report1@example.com,Rae,1990-01-01
            not-an-email,Sam,1991-02-03
            report3@example.com,Tia,31.02.1992
            """)));
        var id = json.GetProperty("importId").GetInt32();
        Assert.Equal($"/api/imports/{id}/errors.csv", json.GetProperty("errorReport").GetString());

        var response = await Http.GetAsync($"api/imports/{id}/errors.csv", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"import-{id}-errors.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var report = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("line,column,value,message,original_row", report);
        Assert.Contains("3,email,not-an-email,'not-an-email' is not a valid e-mail address", report);
        Assert.Contains("4,birth date,31.02.1992,", report);
    }

    [Fact]
    public async Task ErrorReport_UnknownImportOrNoRejections_Is404Problem()
    {
        var clean = await OkJsonAsync(await PostImportAsync(Csv("email\nclean@example.com\n")));

        Assert.Contains("There is no import 999999", await ProblemAsync(await Http.GetAsync("api/imports/999999", Cancel), HttpStatusCode.NotFound));
        Assert.Contains("There is no import 999999", await ProblemAsync(await Http.GetAsync("api/imports/999999/errors.csv", Cancel), HttpStatusCode.NotFound));
        Assert.Contains("rejected no rows", await ProblemAsync(
            await Http.GetAsync($"api/imports/{clean.GetProperty("importId").GetInt32()}/errors.csv", Cancel), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Upload_SmallFile_SavedWithIdNameAndSize()
    {
        var file = Csv("email\nupload@example.com\n");
        using var content = new MultipartFormDataContent { { FilePart(file), "file", "../../etc/customers.csv" } };

        var json = await OkJsonAsync(await Http.PostAsync("api/uploads", content, Cancel));

        Assert.Matches("^[0-9a-f]{32}$", json.GetProperty("id").GetString());
        Assert.Equal("customers.csv", json.GetProperty("fileName").GetString());
        Assert.Equal(file.Length, json.GetProperty("bytes").GetInt64());
    }

    [Theory]
    [InlineData("api/uploads")]
    [InlineData("api/imports")]
    public async Task Upload_LargerThanTheLimit_Is413AndNothingKept(string path)
    {
        var before = await SnapshotAsync();
        var uploads = Directory.GetFiles(fixture.UploadsFolder).Length;
        var big = Csv("email,first name\n" + string.Concat(Enumerable.Range(0, 60_000).Select(i => $"big{i}@example.com,Big\n")));
        Assert.True(big.Length > 1024 * 1024);
        using var content = new MultipartFormDataContent { { new StringContent("customers"), "kind" }, { FilePart(big), "file", "big.csv" } };

        var problem = await ProblemAsync(await Http.PostAsync(path, content, Cancel), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("The file is larger than 1 MB", problem);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(uploads, Directory.GetFiles(fixture.UploadsFolder).Length);
    }

    private static byte[] Csv(string text) => new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n"));

    private static ByteArrayContent FilePart(byte[] bytes)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return part;
    }

    private async Task<HttpResponseMessage> PostImportAsync(byte[] file, params (string Name, string Value)[] fields)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent("customers"), "kind");
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        content.Add(FilePart(file), "file", "customers.csv");
        return await Http.PostAsync("api/imports", content, Cancel);
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 answer with the status, and returns its detail.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    private static List<string> Messages(JsonElement result) =>
        result.GetProperty("errors").EnumerateArray()
            .Select(e => $"line {e.GetProperty("line").GetInt64()}: {e.GetProperty("message").GetString()}").ToList();

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(fixture.App.ConnectionString, sql);

    /// <summary>Every customer's stored values, to show that a refused or dry-run import changed nothing.</summary>
    private Task<string> SnapshotAsync() => ScalarAsync<string>("""
        SELECT COUNT(*) || '#' || COALESCE(group_concat(row, char(10)), '') FROM (
            SELECT Id || '|' || COALESCE(Email, '') || '|' || COALESCE(FirstName, '') || '|' || COALESCE(LastName, '') || '|' ||
                   COALESCE(City, '') || '|' || COALESCE(Attributes, '') || '|' || UpdatedAt AS row
            FROM Customers ORDER BY Id)
        """);
}
