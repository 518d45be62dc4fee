using Cdp.Core.Customers;
using Cdp.Core.Import;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Import;

public class CustomerImportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_NewCustomers_InsertsTypedAndNormalisedValues()
    {
        await using var harness = await ImportHarness.CreateAsync();
        const string csv = """
            Customer ID,First Name,Last Name,E-mail,Gender,Date of Birth,Country,City,Zip,Income,Newsletter,Interests,Loyalty Tier
            C1,Anna,Kowalska, Anna.K@EXAMPLE.com ,F,13/01/1990,Poland,Kraków,30-001,"52.000,50",yes,Golf; Hiking,gold
            C2,Jeff,Miller,jeff@example.com,male,02/03/1985,USA,Austin,78704,72000,no,golf,silver
            """;

        var result = await harness.ImportAsync(csv, ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(Rows: 2, Inserted: 2, Updated: 0, Unchanged: 0, Rejected: 0, Merged: 0), result.Counts);
        await using var db = harness.Database.NewContext();
        var anna = await db.Customers.SingleAsync(c => c.ExternalId == "C1", Cancel);
        Assert.Equal("Anna.K@example.com", anna.Email);
        Assert.Equal(Gender.Female, anna.Gender);
        Assert.Equal(new DateOnly(1990, 1, 13), anna.BirthDate);
        Assert.Equal("PL", anna.Country);
        Assert.Equal("Kraków", anna.City);
        Assert.Equal(52000.50m, anna.Income);
        Assert.True(anna.EmailOptIn);
        Assert.Equal(["golf", "hiking"], anna.Interests);
        Assert.Equal("gold", CustomAttributes.Parse(anna.Attributes)["loyaltyTier"].GetString());
        var jeff = await db.Customers.SingleAsync(c => c.ExternalId == "C2", Cancel);
        Assert.Equal(new DateOnly(1985, 3, 2), jeff.BirthDate);   // 13/01/1990 proved the file is day-first
        Assert.Equal("US", jeff.Country);
        Assert.Equal(harness.Clock.UtcNow, jeff.SignedUpAt);
        Assert.True(harness.Changes.Version > 0, "readers are told that the data changed");
    }

    [Fact]
    public async Task Import_Dates_StoredAsEfCoreStoresThem()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var result = await harness.ImportAsync("""
            email,birth_date,signed_up
            a@example.com,1990-01-13,2024-01-13 10:20:30
            b@example.com,1901-12-01,2024-01-13T10:20:30.1234500Z
            """, ImportKind.Customers, cancellationToken: Cancel);
        Assert.Equal(2, result.Counts.Inserted);
        await using (var db = harness.Database.NewContext())
        {
            db.Customers.Add(new Customer { Email = "c@example.com", BirthDate = new DateOnly(1990, 1, 13), SignedUpAt = new DateTime(2024, 1, 13, 10, 20, 30, DateTimeKind.Utc) });
            db.Customers.Add(new Customer { Email = "d@example.com", BirthDate = new DateOnly(1901, 12, 1), SignedUpAt = new DateTime(2024, 1, 13, 10, 20, 30, DateTimeKind.Utc).AddTicks(1234500) });
            await db.SaveChangesAsync(Cancel);
        }

        Assert.Equal(await harness.Database.ScalarAsync<string>("SELECT BirthDate || '|' || SignedUpAt FROM Customers WHERE Email = 'c@example.com'"),
            await harness.Database.ScalarAsync<string>("SELECT BirthDate || '|' || SignedUpAt FROM Customers WHERE Email = 'a@example.com'"));
        Assert.Equal(await harness.Database.ScalarAsync<string>("SELECT BirthDate || '|' || SignedUpAt FROM Customers WHERE Email = 'd@example.com'"),
            await harness.Database.ScalarAsync<string>("SELECT BirthDate || '|' || SignedUpAt FROM Customers WHERE Email = 'b@example.com'"));
    }

    [Fact]
    public async Task Import_ExistingCustomers_UpdatesChangedKeepsUnchangedAndEmptyCells()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("""
            email,first_name,last_name,city,income
            a@example.com,Anna,Berg,Oslo,50000
            b@example.com,Bo,Lind,Malmö,40000
            """, ImportKind.Customers, cancellationToken: Cancel);

        var result = await harness.ImportAsync("""
            email,first_name,last_name,city,income
            A@example.com,Anna,Berg,Bergen,
            b@example.com,Bo,Lind,Malmö,40000
            c@example.com,Cy,Holm,,
            """, ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(3, Inserted: 1, Updated: 1, Unchanged: 1, Rejected: 0, Merged: 0), result.Counts);
        await using var db = harness.Database.NewContext();
        var anna = await db.Customers.SingleAsync(c => c.FirstName == "Anna", Cancel);
        Assert.Equal("Bergen", anna.City);
        Assert.Equal(50000m, anna.Income);      // the empty cell kept the stored income
        Assert.Equal(3, await db.Customers.CountAsync(Cancel));
    }

    [Fact]
    public async Task Import_DuplicateKeysInFile_MergedLastValueWins()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var result = await harness.ImportAsync("""
            email,first name,city,phone
            a@example.com,Anna,Oslo,111
            A@EXAMPLE.COM,,Bergen,
            b@example.com,Bo,Malmö,222
            """, ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal(new ImportCounts(3, Inserted: 2, Updated: 0, Unchanged: 0, Rejected: 0, Merged: 1), result.Counts);
        await using var db = harness.Database.NewContext();
        var anna = await db.Customers.SingleAsync(c => c.Email == "a@example.com", Cancel);
        Assert.Equal(("Anna", "Bergen"), (anna.FirstName, anna.City));
        Assert.Equal(111, CustomAttributes.Parse(anna.Attributes)["phone"].GetInt32());
    }

    [Fact]
    public async Task Import_InvalidCells_RowsRejectedWithReasonsOthersImported()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var result = await harness.ImportAsync("""
            email,first name,birth date,country
            ok@example.com,Ok,1990-05-01,DE
            not-an-email,Bad,1990-05-01,DE
            late@example.com,Late,1990-02-30,DE
            ,Nobody,1990-05-01,DE
            far@example.com,Far,1990-05-01,Atlantis
            """, ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal(1, result.Counts.Inserted);
        Assert.Equal(4, result.Counts.Rejected);
        Assert.Contains(result.FirstErrors, e => e.Line == 3 && e.Column == "email" && e.Message.Contains("not a valid e-mail"));
        Assert.Contains(result.FirstErrors, e => e.Line == 4 && e.Column == "birth date" && e.Message.Contains("not a valid date"));
        Assert.Contains(result.FirstErrors, e => e.Line == 5 && e.Message.Contains("no e-mail"));
        Assert.Contains(result.FirstErrors, e => e.Line == 6 && e.Message.Contains("not a country"));
        var report = await File.ReadAllTextAsync(harness.Files.ErrorReportPath(result.ImportId), Cancel);
        Assert.Contains("not-an-email,Bad,1990-05-01,DE", report);   // the original row travels with the error
    }

    [Fact]
    public async Task Import_AllOrNothingWithAnInvalidRow_ImportsNothing()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var result = await harness.ImportAsync("""
            email,first name
            ok@example.com,Ok
            broken,Bad
            """, ImportKind.Customers, new ImportOptions { Policy = ErrorPolicy.AllOrNothing }, cancellationToken: Cancel);

        Assert.Equal(ImportStatus.Failed, result.Status);
        Assert.Equal((1, 1), (result.Counts.Inserted, result.Counts.Rejected));   // what it would have done
        Assert.Equal("1 row is invalid, so nothing was imported (all or nothing). Fix it, or choose to skip invalid rows.", result.Message);
        Assert.Equal(0, await harness.Database.ScalarAsync<int>("SELECT COUNT(*) FROM Customers"));
    }

    [Fact]
    public async Task Import_DryRun_CountsButChangesNothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("email,city\na@example.com,Oslo", ImportKind.Customers, cancellationToken: Cancel);
        var version = harness.Changes.Version;

        var result = await harness.ImportAsync("email,city\na@example.com,Bergen\nb@example.com,Lund", ImportKind.Customers,
            new ImportOptions { DryRun = true }, cancellationToken: Cancel);

        Assert.Equal((1, 1), (result.Counts.Inserted, result.Counts.Updated));
        Assert.False(result.Applied);
        Assert.Equal("Oslo", await harness.Database.ScalarAsync<string>("SELECT City FROM Customers"));
        Assert.Equal(1, await harness.Database.ScalarAsync<int>("SELECT COUNT(*) FROM Customers"));
        Assert.Equal(version, harness.Changes.Version);
    }

    [Theory]
    [InlineData(ImportMode.InsertOnly, 1, 0, 1, 0)]
    [InlineData(ImportMode.UpdateOnly, 0, 1, 0, 1)]
    public async Task Import_Modes_InsertOnlyOrUpdateOnly(ImportMode mode, int inserted, int updated, int unchanged, int rejected)
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("email,city\na@example.com,Oslo", ImportKind.Customers, cancellationToken: Cancel);

        var result = await harness.ImportAsync("email,city\na@example.com,Bergen\nnew@example.com,Lund", ImportKind.Customers,
            new ImportOptions { Mode = mode }, cancellationToken: Cancel);

        Assert.Equal((inserted, updated, unchanged, rejected), (result.Counts.Inserted, result.Counts.Updated, result.Counts.Unchanged, result.Counts.Rejected));
    }

    [Fact]
    public async Task Import_ExternalIdOfAnotherCustomer_RejectsThatRow()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("customer id,email\nC1,a@example.com", ImportKind.Customers, cancellationToken: Cancel);

        var result = await harness.ImportAsync("customer id,email\nC1,other@example.com\nC2,b@example.com\nC2,c@example.com",
            ImportKind.Customers, cancellationToken: Cancel);

        Assert.Equal((1, 2), (result.Counts.Inserted, result.Counts.Rejected));
        Assert.Contains(result.FirstErrors, e => e.Line == 2 && e.Message.Contains("C1 already belongs to another customer (a@example.com)"));
        Assert.Contains(result.FirstErrors, e => e.Line == 4 && e.Message.Contains("C2 is also on line 3"));
    }

    [Fact]
    public async Task Import_MatchOnExternalId_UpdatesTheEmail()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync("customer id,email\nC1,old@example.com", ImportKind.Customers, cancellationToken: Cancel);

        var result = await harness.ImportAsync("customer id,email\nC1,new@example.com", ImportKind.Customers,
            new ImportOptions { Key = MatchKey.ExternalId }, cancellationToken: Cancel);

        Assert.Equal(1, result.Counts.Updated);
        Assert.Equal("new@example.com", await harness.Database.ScalarAsync<string>("SELECT Email FROM Customers"));
    }

    [Fact]
    public async Task Import_Cancelled_LeavesDatabaseAsItWas()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var rows = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"c{i}@example.com,Name{i}"));
        using var cancel = new CancellationTokenSource();
        var cancelOnFirstProgress = new SynchronousProgress(_ => cancel.Cancel());

        var result = await harness.ImportAsync("email,first name\n" + rows, ImportKind.Customers, cancellationToken: cancel.Token,
            progress: cancelOnFirstProgress);

        Assert.Equal(ImportStatus.Cancelled, result.Status);
        Assert.Equal(0, await harness.Database.ScalarAsync<int>("SELECT COUNT(*) FROM Customers"));
        var run = await harness.Service.GetAsync(result.ImportId, Cancel);
        Assert.Equal(ImportStatus.Cancelled, run!.Status);
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
