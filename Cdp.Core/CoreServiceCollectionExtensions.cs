using Cdp.Core.Customers;
using Cdp.Core.Dashboard;
using Cdp.Core.Data;
using Cdp.Core.Demo;
using Cdp.Core.Import;
using Cdp.Core.Limits;
using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cdp.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database and the Core services. The connection string is <c>ConnectionStrings:Cdp</c>
    /// (default <c>Data Source=data/cdp.db</c>, relative to the content root).
    /// </summary>
    public static IServiceCollection AddCdpCore(this IServiceCollection services, IConfiguration configuration)
    {
        var baseDirectory = configuration["contentRoot"] ?? AppContext.BaseDirectory;
        var connectionString = SqliteConnectionStrings.Resolve(
            configuration.GetConnectionString("Cdp") ?? SqliteConnectionStrings.Default, baseDirectory);

        services.AddOptions<CdpOptions>().Bind(configuration.GetSection(CdpOptions.SectionName))
            .Validate(o => o.Demo.Customers >= 0, "Cdp:Demo:Customers must be 0 (no demo store) or a positive number.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CdpOptions>, LimitsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CdpOptions>>().Value.Limits);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataChanges>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddPooledDbContextFactory<CdpDbContext>(options => ConfigureSqlite(options, connectionString));

        var import = configuration.GetSection($"{CdpOptions.SectionName}:Import").Get<ImportSettings>() ?? new ImportSettings();
        if (import.MaxUploadMegabytes <= 0)
            throw new InvalidOperationException("Cdp:Import:MaxUploadMegabytes must be a positive number of megabytes.");
        services.AddSingleton(new ImportFiles(Path.GetFullPath(import.Folder, baseDirectory), import.MaxUploadMegabytes * 1024L * 1024));
        services.AddSingleton<ImportService>();

        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<DatabaseBackup>();
        services.AddSingleton<DemoStoreSeeder>();
        services.AddSingleton<DemoSegments>();
        services.AddSingleton<DashboardService>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<CustomerExport>();
        services.AddSingleton<Segments.SegmentEngine>();
        services.AddSingleton<Segments.Sets.SegmentSetCounter>();
        services.AddSingleton<Segments.Saved.SegmentStore>();
        services.AddSingleton<Segments.Fields.FieldHints>();
        services.AddSingleton<Segments.BasePreview>();
        services.AddSingleton<ValueMetricsService>();

        // Personalization
        services.AddSingleton<Personalization.Templates.TemplateRenderer>();
        services.AddSingleton<Personalization.Recommendations.RecommendationService>();
        services.AddSingleton<Personalization.Templates.IRecommendationSource>(sp =>
            sp.GetRequiredService<Personalization.Recommendations.RecommendationService>());
        services.AddSingleton<Personalization.Templates.PersonalizationModelBuilder>();
        services.AddSingleton<Personalization.Rendering.PersonalizationRenderer>();
        services.AddSingleton<Personalization.Rendering.BulkRenderer>();
        services.AddSingleton<Personalization.Experiences.ExperienceStore>();
        services.AddSingleton<Personalization.Experiences.ExperienceDecider>();
        services.AddSingleton<Personalization.Experiences.ExperienceReach>();
        services.AddSingleton<DemoExperiences>();

        // Access
        services.AddSingleton<Accounts.ApiKeys>();
        return services;
    }

    /// <summary>The options every CdpDbContext uses; tests and benchmarks call it for their own databases.</summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60))
            .AddInterceptors(new SqlitePragmas())
            // Migrations are written by hand and carry no model snapshot; MigrationsTests guards the schema instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
}
