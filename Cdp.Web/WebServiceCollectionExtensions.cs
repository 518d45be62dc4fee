using System.Globalization;
using Cdp.Core;
using Cdp.Core.Limits;
using Cdp.Web.Access;
using Cdp.Web.Api;
using Cdp.Web.Components;
using Cdp.Web.Components.Shared;
using Cdp.Web.Hosting;
using Radzen;

namespace Cdp.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Cookie that remembers the light or dark theme.</summary>
    public const string ThemeCookie = "CdpTheme";

    public static IServiceCollection AddCdpWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var culture = configuration[$"{CdpOptions.SectionName}:{nameof(CdpOptions.Culture)}"] ?? "en-US";
        try
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo(culture);
        }
        catch (CultureNotFoundException)
        {
            throw new InvalidOperationException($"Cdp:Culture '{culture}' is not a known culture name (for example en-US or de-DE).");
        }

        var limits = configuration.GetSection(LimitSettings.SectionName).Get<LimitSettings>() ?? new LimitSettings();
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = CircuitMessageBytes(limits));
        services.AddRadzenComponents();
        services.AddRadzenCookieThemeService(options =>
        {
            options.Name = ThemeCookie;
            options.Duration = TimeSpan.FromDays(365);
        });
        services.AddSingleton<Formats>();
        // AddCdpAccess registers the HttpContext accessor and the authentication state CurrentActor reads.
        services.AddScoped<CurrentActor>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddCdpAccess(configuration);
        return services;
    }

    /// <summary>
    /// The largest message the browser may send over the circuit: the editor sends a whole template field at a
    /// time, JSON-encoded (quotes and backslashes doubled), so twice the largest template plus room for the rest.
    /// SignalR's default of 32 KB would drop the circuit on a template long before the limit that names itself.
    /// </summary>
    public static long CircuitMessageBytes(LimitSettings limits) =>
        Math.Max(32 * 1024, 2 * limits.MaxTemplateBytes + 64 * 1024);

    public static WebApplication UseCdpWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseApiBodyLimit();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapSignOut();
        var api = app.MapApiGroup();
        api.MapImportsApi();
        api.MapCustomersApi();
        api.MapValueMetricsApi();
        api.MapSegmentsApi();
        api.MapExperiencesApi();
        api.MapBulkRenderApi();
        api.MapBackupApi();
        app.MapPersonalizeApi();
        app.MapBlazorScript();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
