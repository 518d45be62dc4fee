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
}
