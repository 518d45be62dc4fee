using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cdp.Core.Import.Parsing;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Web.Api;

/// <summary>
/// Data from outside treated as data: formula cells come out of every CSV export neutralised, names from uploads never
/// become paths, and SQL-looking text in rules and searches is only ever compared, never run.
/// </summary>
public class HostileInputTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => fixture.Http;

    private const string Formulas = "=1+2,+cmd,-2+3,@SUM(A1),\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"";

    [Fact]
    public async Task Exports_FormulaCells_EveryCsvExportNeutralisesThem()
    {
        var import = await OkJsonAsync(await PostImportAsync("formulas.csv", $"""
            email,first name,last name,city,occupation,campaign
            formula.a@example.com,{Formulas}
            =cmd|' /C calc'!A0,Bad,Formulalastname,Nowhere,None,x
            """, """{"campaign": "attr:campaign"}"""));
        Assert.Equal(1, import.GetProperty("inserted").GetInt32());
        var segment = await PostJsonAsync("api/segments",
            """{"name":"Formula people","rules":{"combinator":"and","rules":[{"field":"email","operator":"beginsWith","value":"formula.a@"}]}}""");
        await PostJsonAsync("api/experiences", $$$"""
            {"name": "Formula mail", "kind": "email", "status": "live", "variants": [
              {"name": "Everyone", "email": {"subject": "{{firstName}}", "preheader": "{{lastName}}", "html": "<p>{{city}}</p>"}}]}
            """);

        var exports = new Dictionary<string, string>
        {
            ["customers"] = "api/customers/export.csv?search=formula.a%40",
            ["segment customers"] = $"api/segments/{segment.GetProperty("id").GetInt32()}/export.csv",
            ["import errors"] = $"api/imports/{import.GetProperty("importId").GetInt32()}/errors.csv",
            ["bulk render"] = $"api/experiences/formula-mail/render?segment={segment.GetProperty("key").GetString()}&format=csv",
        };
        foreach (var (name, path) in exports)
        {
            var rows = ParseCsv(await DownloadAsync(path));
            Assert.True(rows.Count >= 2, $"{name}: no data rows");
            var cells = rows.Skip(1).SelectMany(row => row).ToList();
            // A spreadsheet runs a cell that starts with one of these; a plain number (a negative amount) is only a number.
            Assert.All(cells, cell => Assert.False(
                cell.Length > 0 && CellText.FormulaCharacters.Contains(cell[0]) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                $"{name}: the cell '{cell}' would run as a formula"));
            Assert.True(cells.Any(cell => cell.StartsWith("'=", StringComparison.Ordinal)), $"{name}: the formula text is missing");
        }
    }

    [Theory]
    [InlineData("../../etc/passwd.csv", "passwd.csv")]
    [InlineData("..\\..\\x.csv", "x.csv")]
    [InlineData("..", "upload.csv")]
    public async Task Upload_PathInItsName_KeptInsideTheImportFolderUnderASafeName(string fileName, string shown)
    {
        using var content = new MultipartFormDataContent { { FilePart("email\ntraversal@example.com\n"), "file", fileName } };

        var json = await OkJsonAsync(await Http.PostAsync("api/uploads", content, Cancel));

        Assert.Equal(shown, json.GetProperty("fileName").GetString());
        var stored = Path.Combine(fixture.UploadsFolder, json.GetProperty("id").GetString()!);
        Assert.True(File.Exists(stored), "the upload is stored under its id in the uploads folder");
        var folders = new[] { fixture.UploadsFolder, Path.Combine(Path.GetDirectoryName(fixture.UploadsFolder)!, "reports") };
        Assert.All(FilesInImportFolder(), file => Assert.Contains(Path.GetDirectoryName(file), folders));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(fixture.UploadsFolder, fileName))), "nothing is written where the name points");
    }

    [Fact]
    public async Task ErrorReport_ImportNamedLikeAPath_DownloadNameIsTheImportsOwn()
    {
        var json = await OkJsonAsync(await PostImportAsync("../../etc/passwd.csv", "email\nnot-an-email\nok.path@example.com\n"));
        var id = json.GetProperty("importId").GetInt32();
        var status = await OkJsonAsync(await Http.GetAsync($"api/imports/{id}", Cancel));
        Assert.Equal("passwd.csv", status.GetProperty("fileName").GetString());

        using var response = await Http.GetAsync($"api/imports/{id}/errors.csv", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"import-{id}-errors.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task SegmentExport_NameLikeAPath_DownloadNameHasNoPath()
    {
        var segment = await PostJsonAsync("api/segments",
            """{"name":"../../etc/passwd","rules":{"combinator":"and","rules":[{"field":"country","operator":"=","value":"de"}]}}""");

        using var response = await Http.GetAsync($"api/segments/{segment.GetProperty("id").GetInt32()}/export.csv", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? "";
        Assert.Matches(@"^segment-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv$", name);
        Assert.DoesNotContain("..", name);
    }

    [Theory]
    [InlineData("api/imports/999999/errors.csv")]
    [InlineData("api/imports/..%2F..%2Fetc%2Fpasswd/errors.csv")]
    [InlineData("api/imports/..%5C..%5Cx/errors.csv")]
    [InlineData("api/segments/999999/export.csv")]
    [InlineData("api/segments/..%2F1/export.csv")]
    [InlineData("api/experiences/..%2F..%2Fetc%2Fpasswd/render?format=csv")]
    public async Task Download_UnknownOrPathLikeId_Is404(string path)
    {
        using var response = await Http.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SqlLookingText_InRuleValuesAndSearch_IsComparedAsData()
    {
        await OkJsonAsync(await PostImportAsync("sql.csv", """
            email,first name,last name
            sql.robert@example.com,"Robert'); DROP TABLE Customers;--",' OR 1=1 --
            """));
        var customers = await ScalarAsync<long>("SELECT COUNT(*) FROM Customers");

        Assert.Equal(0, await PreviewCountAsync("firstName", "=", "' OR 1=1 --"));
        Assert.Equal(1, await PreviewCountAsync("lastName", "=", "' OR 1=1 --"));
        Assert.Equal(1, await PreviewCountAsync("firstName", "=", "Robert'); DROP TABLE Customers;--"));
        Assert.Equal(0, await PreviewCountAsync("firstName", "contains", "\"; DROP TABLE Customers; --"));
        Assert.Equal(0, await PreviewCountAsync("lastName", "in", "x' OR '1'='1"));
        Assert.Equal(1, DataRows(await DownloadAsync("api/customers/export.csv?search=" + Uri.EscapeDataString("' OR 1=1 --"))));
        Assert.Equal(0, DataRows(await DownloadAsync("api/customers/export.csv?search=" + Uri.EscapeDataString("\"; DROP TABLE Customers; --"))));

        Assert.Equal(customers, await ScalarAsync<long>("SELECT COUNT(*) FROM Customers"));
        Assert.Equal("' OR 1=1 --", await ScalarAsync<string>("SELECT LastName FROM Customers WHERE Email = 'sql.robert@example.com'"));
    }

    private async Task<int> PreviewCountAsync(string field, string op, string value)
    {
        var rules = JsonSerializer.Serialize(new { combinator = "and", rules = new[] { new { field, @operator = op, value } } });
        var preview = await PostJsonAsync("api/segments/preview", $$"""{"rules":{{rules}}}""", HttpStatusCode.OK);
        return preview.GetProperty("count").GetInt32();
    }

    /// <summary>Every file in the app's import folder (uploads and reports), to show what an upload added.</summary>
    private List<string> FilesInImportFolder() =>
        Directory.EnumerateFiles(Path.GetDirectoryName(fixture.UploadsFolder)!, "*", SearchOption.AllDirectories).ToList();

    private static int DataRows(string csv) => ParseCsv(csv).Count - 1;

    /// <summary>RFC 4180: quoted cells with doubled quotes and line breaks inside; a byte order mark is dropped.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = text.StartsWith('\uFEFF') ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }

    private async Task<string> DownloadAsync(string path)
    {
        using var response = await Http.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<JsonElement> PostJsonAsync(string path, string json, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static ByteArrayContent FilePart(string text)
    {
        var part = new ByteArrayContent(new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n")));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return part;
    }

    private async Task<HttpResponseMessage> PostImportAsync(string fileName, string csv, string? mapping = null)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent("customers"), "kind");
        if (mapping is not null) content.Add(new StringContent(mapping), "mapping");
        content.Add(FilePart(csv), "file", fileName);
        return await Http.PostAsync("api/imports", content, Cancel);
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(fixture.App.ConnectionString, sql);
}
