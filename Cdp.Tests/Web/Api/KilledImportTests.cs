using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cdp.Tests.Web.Browser;
using Microsoft.Data.Sqlite;

namespace Cdp.Tests.Web.Api;

/// <summary>
/// A real app process killed in the middle of an import (as a crash or power cut would): after the restart nothing of
/// the import is visible, the history shows it failed, and running it again gives the right result.
/// </summary>
public class KilledImportTests
{
    // Big enough that the merge spills past the import's 96 MB page cache into the log for a second or more before the commit.
    private const int Rows = 500_000;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_ProcessKilledHalfWay_NothingVisibleAfterRestart_ShownFailed_RunAgainImportsAll()
    {
        await using var first = await AppServer.StartAsync(demoCustomers: 20);
        var csv = CustomersCsv();
        var before = await CustomersAsync(first);

        using (var http = first.CreateHttpClient(TimeSpan.FromMinutes(5)))
        {
            var posting = http.PostAsync("api/imports", ImportForm(csv), Cancel);
            var importId = await WaitUntilWritingAsync(first, posting);
            await using var app = await first.RestartAfterKillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => posting);   // the connection died with the process

            Assert.Equal(before, await CustomersAsync(app));
            using var client = app.CreateHttpClient(TimeSpan.FromMinutes(5));
            var status = await client.GetFromJsonAsync<JsonElement>($"api/imports/{importId}", Cancel);
            Assert.Equal("failed", status.GetProperty("status").GetString());
            Assert.Contains("Interrupted", status.GetProperty("message").GetString());

            var again = await client.PostAsync("api/imports", ImportForm(csv), Cancel);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var result = await again.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.Equal("completed", result.GetProperty("status").GetString());
            Assert.Equal(Rows, result.GetProperty("inserted").GetInt32());
            Assert.Equal(0, result.GetProperty("rejected").GetInt32());
            Assert.Equal(before + Rows, await CustomersAsync(app));
        }
    }

    /// <summary>The id of the running import, once it has written a good part of its rows to the database's log.</summary>
    private static async Task<int> WaitUntilWritingAsync(AppServer app, Task<HttpResponseMessage> posting)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (posting.IsCompleted) throw new InvalidOperationException("The import finished before it could be killed; make the file larger.");
            var wal = new FileInfo(app.DatabasePath + "-wal");
            var running = await ScalarAsync(app, "SELECT Id FROM Imports WHERE Status = 'Running'");
            if (running is long id && wal.Exists && wal.Length > 4 * 1024 * 1024) return (int)id;
            await Task.Delay(50, Cancel);
        }
        throw new TimeoutException("The import did not start writing within 3 minutes.");
    }

    private static async Task<long> CustomersAsync(AppServer app) => (long)(await ScalarAsync(app, "SELECT COUNT(*) FROM Customers"))!;

    private static async Task<object?> ScalarAsync(AppServer app, string sql)
    {
        await using var connection = new SqliteConnection(app.ConnectionString + ";Mode=ReadOnly");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Cancel);
    }

    private static MultipartFormDataContent ImportForm(byte[] csv)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new("text/csv");
        content.Add(file, "file", "crash.csv");
        content.Add(new StringContent("customers"), "kind");
        return content;
    }

    private static byte[] CustomersCsv()
    {
        var csv = new StringBuilder("email,first name,last name,country,city,loyalty points\n");
        for (var i = 0; i < Rows; i++) csv.Append($"crash{i}@example.com,First{i},Last{i},DE,Berlin,{i % 1000}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
