using System.Threading.RateLimiting;
using Cdp.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Web.Access;

/// <summary>Sign-in (Identity cookies for people, API keys for programs), the access policies and rate limits.</summary>
public static class AccessServiceCollectionExtensions
{
    /// <summary>Chooses the API key handler when the request carries a key, the sign-in cookie otherwise.</summary>
    private const string SmartScheme = "CookieOrApiKey";

    /// <summary>Rate limit policy of the public personalisation endpoints.</summary>
    public const string PersonalizeRateLimit = "personalize";

    public static IServiceCollection AddCdpAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var access = configuration.GetSection(AccessOptions.SectionName).Get<AccessOptions>() ?? new AccessOptions();
        access.Validate();
        services.AddSingleton(access);

        // Identity's stores need a scoped context; the app otherwise uses the pooled factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CdpDbContext>>().CreateDbContext());
        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = access.LockoutAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(access.LockoutMinutes);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<PasswordRuleMessages>()
            .AddEntityFrameworkStores<CdpDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API key", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureCookie);

        services.AddAuthorization(AccessPolicies.Add);
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddHttpContextAccessor();
        services.AddSingleton<FirstAdmin>();
        services.AddScoped<WriteAccess>();
        services.AddSingleton<UserAccounts>();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                return new ValueTask(Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                    detail: $"More than {access.PersonalizePerSecond} personalisation requests per second from this caller; retry after the time in Retry-After.")
                    .ExecuteAsync(context.HttpContext));
            };
            // One bucket per caller (key, or signed-in person), refilled every second.
            options.AddPolicy(PersonalizeRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = access.PersonalizePerSecond, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
        });
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.LoginPath = "/login";
        options.AccessDeniedPath = "/access-denied";
        options.Cookie.Name = "Cdp.SignIn";
        options.Cookie.HttpOnly = true;
        // Strict: the cookie never rides on a request started by another site, so cookie-authenticated API calls
        // (the app's own uploads and downloads) cannot be forged cross-site.
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => AccessProblems.IsApiRequest(context.Request)
            ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                "Sign in, or send a valid API key in the X-Api-Key header.")
            : RedirectAsync(context);
        options.Events.OnRedirectToAccessDenied = context => AccessProblems.IsApiRequest(context.Request)
            ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                "Your role does not allow this; ask an admin.")
            : RedirectAsync(context);
    }

    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
