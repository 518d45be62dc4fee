using System.Security.Cryptography;
using Cdp.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Cdp.Web.Access;

/// <summary>
/// On first run (no users yet) creates the roles and the first admin, from <c>Cdp:Admin:Email</c> and
/// <c>Cdp:Admin:Password</c>. Without them, Development uses the README's default so that <c>dotnet run</c> lands in a
/// working dashboard; elsewhere a random password is generated and written to the log once.
/// </summary>
public sealed class FirstAdmin(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment, ILogger<FirstAdmin> logger)
{
    public const string DevelopmentEmail = "admin@example.com";
    public const string DevelopmentPassword = "Cdp-admin-2026";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), $"create the {role} role");

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (users.Users.Any()) return;

        var email = configuration["Cdp:Admin:Email"] ?? DevelopmentEmail;
        var password = configuration["Cdp:Admin:Password"];
        var generated = false;
        if (string.IsNullOrEmpty(password))
        {
            generated = !environment.IsDevelopment();
            password = generated ? RandomPassword() : DevelopmentPassword;
        }
        var admin = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(admin, password), $"create the first admin {email} from Cdp:Admin");
        Check(await users.AddToRoleAsync(admin, Roles.Admin), $"make {email} an admin");
        if (generated)
            logger.LogWarning("First admin created: {Email} with the generated password {Password} (shown once; change it after signing in, or set Cdp:Admin:Password before the first start)", email, password);
        else
            logger.LogInformation("First admin created: {Email}", email);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }

    /// <summary>Random, and always meets the password rules (upper, lower, digit, symbol).</summary>
    private static string RandomPassword() =>
        "Aa1-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}
