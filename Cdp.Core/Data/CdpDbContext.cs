using Cdp.Core.Customers;
using Cdp.Core.Import.History;
using Cdp.Core.Orders;
using Cdp.Core.Products;
using Cdp.Core.Segments.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Data;

/// <summary>
/// The customer data platform's database, with the sign-in tables of ASP.NET Core Identity, so that one file (and one
/// backup) holds everything. Schema changes go through hand-written migrations.
/// </summary>
public class CdpDbContext(DbContextOptions<CdpDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Favorite> Favorites => Set<Favorite>();
    public DbSet<CustomAttributeDefinition> CustomAttributeDefinitions => Set<CustomAttributeDefinition>();
    public DbSet<ImportRun> Imports => Set<ImportRun>();
    public DbSet<Segments.Saved.Segment> Segments => Set<Segments.Saved.Segment>();
    public DbSet<ValueMetricRun> ValueMetricRuns => Set<ValueMetricRun>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    // Personalisation
    public DbSet<Personalization.Experiences.Experience> Experiences => Set<Personalization.Experiences.Experience>();

    // Access
    public DbSet<Accounts.ApiKey> ApiKeys => Set<Accounts.ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CdpDbContext).Assembly);
        SqlFunctions.Map(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no decimal type: EF would store text and compare or sum it in .NET. Money is stored as
        // REAL so that filters and aggregates run in SQL (and sqlite3 reads the same figures we show).
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
        configurationBuilder.Properties<string>().AreUnicode();
    }
}
