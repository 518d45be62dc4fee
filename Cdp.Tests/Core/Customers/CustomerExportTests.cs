using System.Text;
using Cdp.Core.Customers;
using Cdp.Core.Import;
using Cdp.Core.Import.Mapping;
using Cdp.Tests.TestSupport;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Customers;

public class CustomerExportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_FormulaLookingText_IsNeutralisedButNumbersAreNot()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await SeedAsync(harness);

        var (bytes, rows) = await ExportAsync(harness);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var jean = rows.Single(r => r["E-mail"] == "jean@example.com");
        Assert.Equal("'=SUM(A1)", jean["Occupation"]);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", jean["Acquisition source"]);
        Assert.Equal("'+49 Berlin", jean["City"]);
        Assert.Equal("'@home", jean["Region"]);
        Assert.Equal("'-minus", jean["Device"]);
        Assert.Equal("'=1+1", jean["attr.tier"]);
        Assert.Equal("-3", jean["attr.loyaltyPoints"]);       // a number, not a formula
        var anna = rows.Single(r => r["E-mail"] == "anna@example.com");
        Assert.Equal("2023-05-06T07:08:09.1234567Z", anna["Signed up"]);
        Assert.Equal("1990-01-13", anna["Birth date"]);
        Assert.Equal("52000.5", anna["Income"]);
        Assert.Equal("true", anna["E-mail opt-in"]);
        Assert.Equal("golf; hiking", anna["Interests"]);
        Assert.Equal("3", anna["Orders count"]);
        Assert.Equal("812.4", anna["Total spent"]);
    }

    [Fact]
    public async Task Export_ThenImport_EveryRowUnchangedAndDataIdentical()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await SeedAsync(harness);
        var before = await SnapshotAsync(harness);

        var (bytes, _) = await ExportAsync(harness);
        harness.Clock.Now = harness.Clock.Now.AddDays(1);
        var result = await harness.ImportFileAsync(harness.WriteFile(bytes), ImportKind.Customers, cancellationToken: Cancel);

        Assert.True(result.Status == ImportStatus.Completed, result.Message);
        Assert.Empty(result.FirstErrors);
        var after = await SnapshotAsync(harness);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);
        Assert.Equal(new ImportCounts(before.Count, Inserted: 0, Updated: 0, Unchanged: before.Count, Rejected: 0, Merged: 0), result.Counts);
    }

    [Fact]
    public async Task Export_AttrColumns_MapBackToTheSameAttributesAndMetricsAreIgnored()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await SeedAsync(harness);
        var (bytes, _) = await ExportAsync(harness);

        var analysis = await harness.AnalyzeAsync(harness.WriteFile(bytes), ImportKind.Customers);

        Assert.Null(analysis.Problem);
        var targets = analysis.Columns.ToDictionary(c => c.Header, c => c.Target);
        Assert.Equal(ColumnTarget.ToAttribute("loyaltyPoints", FieldType.Number), targets["attr.loyaltyPoints"]);
        Assert.Equal(ColumnTarget.ToAttribute("vip", FieldType.Boolean), targets["attr.vip"]);
        Assert.Equal(ColumnTarget.ToAttribute("preferredStore", FieldType.Text), targets["attr.preferredStore"]);
        foreach (var header in CustomerExport.MetricHeaders) Assert.Equal(TargetKind.Ignore, targets[header].Kind);
        foreach (var header in CustomerExport.FieldHeaders) Assert.Equal(TargetKind.Field, targets[header].Kind);
    }

    [Fact]
    public async Task Export_WithFilter_WritesOnlyMatchingCustomers()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await SeedAsync(harness);

        var (_, rows) = await ExportAsync(harness, new CustomerListQuery
        {
            Filters = [new CustomerFilter(nameof(CustomerRow.Country), CustomerFilterOperator.Equals, "pl")],
        });

        Assert.Equal(["anna@example.com", "lukasz@example.pl"], rows.Select(r => r["E-mail"]).Order());
    }

    [Fact]
    public async Task Export_UnknownFilterColumn_ThrowsBeforeWritingAnything()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var export = new CustomerExport(harness.Database.Factory);
        using var stream = new MemoryStream();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => export.WriteAsync(stream,
            new CustomerListQuery { Filters = [new CustomerFilter("Password", CustomerFilterOperator.Equals, "x")] }, Cancel));

        Assert.Contains("Password", error.Message);
        Assert.Equal(0, stream.Length);
    }

    private static async Task<(byte[] Bytes, List<Dictionary<string, string>> Rows)> ExportAsync(ImportHarness harness, CustomerListQuery? query = null)
    {
        using var stream = new MemoryStream();
        var written = await new CustomerExport(harness.Database.Factory).WriteAsync(stream, query, Cancel);
        var bytes = stream.ToArray();
        var rows = new List<Dictionary<string, string>>();
        using var reader = CsvReader.Create(new MemoryStream(bytes), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        var headers = reader.Headers.ToList();
        while (reader.Read())
            rows.Add(headers.Select((h, i) => (h, reader.GetString(i) ?? "")).ToDictionary(x => x.h, x => x.Item2));
        Assert.Equal(written, rows.Count);
        return (bytes, rows);
    }

    /// <summary>Everything stored about each customer, in id order, as comparable values.</summary>
    private static async Task<List<string>> SnapshotAsync(ImportHarness harness)
    {
        await using var db = harness.Database.NewContext();
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Cancel);
        return customers.Select(c => string.Join(" | ", new object?[]
        {
            c.Id, c.ExternalId, c.Email, c.FirstName, c.LastName, c.FirstNameKey, c.LastNameKey, c.Gender, c.BirthDate, c.Income,
            c.MaritalStatus, c.Occupation, c.Education, c.Country, c.Region, c.City, c.PostalCode, c.Device, c.PreferredChannel,
            c.AcquisitionSource, string.Join(";", c.Interests), c.EmailOptIn, c.SignedUpAt.Ticks, c.LastSeenAt?.Ticks, c.Attributes,
            c.OrdersCount, c.TotalSpent, c.AverageOrderValue, c.FirstOrderAt?.Ticks, c.LastOrderAt?.Ticks, c.UpdatedAt.Ticks,
        })).ToList();
    }

    /// <summary>Customers as imports leave them (trimmed text, lower-case tags and vocabularies), with every kind of awkward value.</summary>
    private static async Task SeedAsync(ImportHarness harness)
    {
        await using var db = harness.Database.NewContext();
        var now = harness.Clock.UtcNow;
        db.CustomAttributeDefinitions.AddRange(
            new CustomAttributeDefinition { Name = "loyaltyPoints", Type = FieldType.Number, UpdatedAt = now },
            new CustomAttributeDefinition { Name = "tier", Type = FieldType.Text, UpdatedAt = now },
            new CustomAttributeDefinition { Name = "vip", Type = FieldType.Boolean, UpdatedAt = now },
            new CustomAttributeDefinition { Name = "memberSince", Type = FieldType.Date, UpdatedAt = now },
            new CustomAttributeDefinition { Name = "accountNo", Type = FieldType.Text, UpdatedAt = now });
        db.Customers.AddRange(
            new CustomerBuilder().WithExternalId("C-1").WithEmail("anna@example.com").Named("Anna", "Kowalska-Nowak").In("PL", "Kraków")
                .WithGender(Gender.Female).SignedUp(new DateTime(2023, 5, 6, 7, 8, 9).AddTicks(1234567))
                .With(c =>
                {
                    c.BirthDate = new DateOnly(1990, 1, 13);
                    c.Income = 52000.5m;
                    c.MaritalStatus = "married";
                    c.Occupation = "Engineer";
                    c.Education = "Master's degree";
                    c.Region = "Małopolska";
                    c.PostalCode = "30-001";
                    c.Device = "mobile";
                    c.PreferredChannel = "email";
                    c.AcquisitionSource = "Google Ads";
                    c.Interests = ["golf", "hiking"];
                    c.EmailOptIn = true;
                    c.LastSeenAt = new DateTime(2026, 11, 1, 10, 0, 0);
                    c.Attributes = CustomAttributes.Serialize(new Dictionary<string, object?>
                    {
                        ["loyaltyPoints"] = 12.5, ["tier"] = "gold", ["vip"] = true, ["memberSince"] = "2019-03-04", ["accountNo"] = "007",
                        ["preferredStore"] = "Kraków Old Town",
                    });
                    c.OrdersCount = 3;
                    c.TotalSpent = 812.4m;
                    c.AverageOrderValue = 270.8m;
                    c.FirstOrderAt = new DateTime(2024, 1, 2, 3, 4, 5);
                    c.LastOrderAt = new DateTime(2026, 10, 30, 23, 59, 59).AddTicks(9999999);
                }).Build(),
            new CustomerBuilder().WithExternalId(null).WithEmail("minimal@example.com").Named(null!, null!).In(null!)
                .SignedUp(new DateTime(2020, 1, 1)).Build(),
            new CustomerBuilder().WithExternalId("C-3").WithEmail("jean@example.com").Named("Jean, \"JJ\"", "O'Brien\nSecond line")
                .In("IE", "+49 Berlin").WithGender(Gender.Male)
                .With(c =>
                {
                    c.Occupation = "=SUM(A1)";
                    c.AcquisitionSource = "=HYPERLINK(\"http://evil.example\",\"click\")";
                    c.Region = "@home";
                    c.Device = "-minus";
                    c.PostalCode = "'=already quoted";
                    c.Education = "'plain apostrophe";
                    c.Income = -1250.75m;
                    c.Attributes = CustomAttributes.Serialize(new Dictionary<string, object?>
                    {
                        ["loyaltyPoints"] = -3, ["tier"] = "=1+1", ["vip"] = false, ["preferredStore"] = "Dublin; \"Grafton\" St, 2",
                    });
                }).Build(),
            new CustomerBuilder().WithExternalId("C-4").WithEmail("lukasz@example.pl").Named("Łukasz", "Żółć").In("PL", "Łódź")
                .WithGender(Gender.Other)
                .With(c =>
                {
                    c.Occupation = "Fotograf 📷";
                    c.Interests = ["fotografia", "góry"];
                    c.Income = 0m;
                    c.BirthDate = new DateOnly(1901, 12, 31);
                    c.Attributes = CustomAttributes.Serialize(new Dictionary<string, object?> { ["tier"] = "złoty ★", ["loyaltyPoints"] = 1000000 });
                }).Build(),
            new CustomerBuilder().WithExternalId("山田-5").WithEmail("yamada@example.jp").Named("太郎", "山田").In("JP", "東京")
                .With(c => c.Attributes = CustomAttributes.Serialize(new Dictionary<string, object?> { ["memberSince"] = "2021-12-31" })).Build());
        await db.SaveChangesAsync(Cancel);
    }
}
