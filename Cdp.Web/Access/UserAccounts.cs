using System.Security.Claims;
using Cdp.Core.Accounts;
using Cdp.Core.Audit;
using Cdp.Core.Data;
using Cdp.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Web.Access;

/// <summary>A person who can sign in, as admins see them: never the password.</summary>
public sealed record UserAccount(string Id, string Email, string Role, DateTimeOffset? LockedUntil, int FailedSignIns)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>What was wrong with a request; <see cref="Field"/> names the input (Email, Role, Password) or is empty.</summary>
public sealed record AccountError(string Field, string Message);

/// <summary>The outcome of a change to a user: nothing was changed when there are errors.</summary>
public sealed record AccountResult(IReadOnlyList<AccountError> Errors)
{
    public static readonly AccountResult Success = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static AccountResult Refused(string message, string field = "") => new([new AccountError(field, message)]);

    public IEnumerable<string> MessagesFor(string field) => Errors.Where(e => e.Field == field).Select(e => e.Message);
}

/// <summary>
/// Adding, changing and removing the people who can sign in, with the rules Identity does not know: there is always
/// an admin left, and nobody deletes themselves. Each call works in its own scope (its own database context), so a
/// page open for an hour never holds stale users. Role and password changes renew the user's security stamp, so the
/// sign-in cookie carrying the old role stops working at the next validation (at the latest at the next sign-in).
/// Every change is recorded in the audit log in the same transaction (e-mail, role, lock; never a password).
/// </summary>
public sealed class UserAccounts(IServiceScopeFactory scopes, AuditLog audit)
{
    public const string EmailField = "Email";
    public const string RoleField = "Role";
    public const string PasswordField = "Password";

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var roleOf = await RolesByUserAsync(scope, cancellationToken);
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        return all.Select(u => new UserAccount(u.Id, u.Email ?? u.UserName ?? "", roleOf.GetValueOrDefault(u.Id, ""), u.LockoutEnd, u.AccessFailedCount))
            .ToList();
    }

    public async Task<AccountResult> CreateAsync(string email, string role, string password, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        var errors = new List<AccountError>();
        if (email.Length == 0) errors.Add(new(EmailField, "Enter the e-mail address the person signs in with."));
        else if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
            errors.Add(new(EmailField, $"'{email}' is not an e-mail address."));
        if (!Roles.All.Contains(role)) errors.Add(new(RoleField, $"Choose a role: {string.Join(", ", Roles.All)}."));
        if (string.IsNullOrEmpty(password)) errors.Add(new(PasswordField, "Enter an initial password."));

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (errors.All(e => e.Field != EmailField) && await users.FindByEmailAsync(email) is not null)
            errors.Add(new(EmailField, $"{email} already has an account."));
        // Every problem at once, the password rules included, so that one correction is enough; nothing is stored before.
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        if (!string.IsNullOrEmpty(password)) errors.AddRange(await ValidatePasswordAsync(users, user, password));
        if (errors.Count > 0) return new AccountResult(errors);

        return await SaveAsync(scope, async () =>
        {
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return FromIdentity(created);
            return FromIdentity(await users.AddToRoleAsync(user, role), RoleField);
        }, () => Record(actor, AuditActions.Created, user, before: null, after: State(user, role)), cancellationToken);
    }

    public async Task<AccountResult> ChangeRoleAsync(string userId, string role, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        if (!Roles.All.Contains(role)) return AccountResult.Refused($"'{role}' is not a role; choose {string.Join(", ", Roles.All)}.", RoleField);
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return Gone();
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return AccountResult.Success;
        var before = State(user, string.Join(", ", current));
        return await SaveAsync(scope, async () =>
        {
            if (current.Contains(Roles.Admin) && await IsLastAdminAsync(users))
                return AccountResult.Refused($"{user.Email} is the only admin; make someone else an admin first, so that users and keys can still be managed.", RoleField);
            var removed = await users.RemoveFromRolesAsync(user, current);
            if (!removed.Succeeded) return FromIdentity(removed, RoleField);
            var added = await users.AddToRoleAsync(user, role);
            if (!added.Succeeded) return FromIdentity(added, RoleField);
            return FromIdentity(await users.UpdateSecurityStampAsync(user));
        }, () => Record(actor, AuditActions.Updated, user, before, State(user, role)), cancellationToken);
    }

    public async Task<AccountResult> ResetPasswordAsync(string userId, string password, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(password)) return AccountResult.Refused("Enter the new password.", PasswordField);
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return Gone();
        // The token route checks the password rules before anything is stored, and renews the security stamp.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var role = await RoleOfAsync(users, user);
        return await SaveAsync(scope, async () => FromIdentity(await users.ResetPasswordAsync(user, token, password), PasswordField),
            () => Record(actor, AuditActions.PasswordReset, user, before: null, after: State(user, role)), cancellationToken);
    }

    public async Task<AccountResult> UnlockAsync(string userId, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return Gone();
        var role = await RoleOfAsync(users, user);
        var before = State(user, role);
        return await SaveAsync(scope, async () =>
        {
            var unlocked = await users.SetLockoutEndDateAsync(user, null);
            if (!unlocked.Succeeded) return FromIdentity(unlocked);
            return FromIdentity(await users.ResetAccessFailedCountAsync(user));
        }, () => Record(actor, AuditActions.Unlocked, user, before, State(user, role)), cancellationToken);
    }

    public async Task<AccountResult> DeleteAsync(string userId, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return Gone();
        if (users.GetUserId(actor) == user.Id)
            return AccountResult.Refused("You cannot delete yourself; another admin can.");
        var before = State(user, await RoleOfAsync(users, user));
        return await SaveAsync(scope, async () =>
        {
            if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(users))
                return AccountResult.Refused($"{user.Email} is the only admin; make someone else an admin first.");
            return FromIdentity(await users.DeleteAsync(user));
        }, () => Record(actor, AuditActions.Deleted, user, before, after: null), cancellationToken);
    }

    /// <summary>
    /// Runs a change through Identity and records it, in one transaction: a refused change leaves neither the change
    /// nor an entry behind. The transaction takes SQLite's write lock as it begins, so checks made inside the change (the
    /// last admin) see every change committed before and none made after: two admins removed at once cannot both pass.
    /// </summary>
    private async Task<AccountResult> SaveAsync(AsyncServiceScope scope, Func<Task<AccountResult>> change, Func<AuditRecord> record,
        CancellationToken cancellationToken)
    {
        var db = scope.ServiceProvider.GetRequiredService<CdpDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await change();
        if (!result.Succeeded) return result;
        await audit.RecordAsync(db, record(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static AuditRecord Record(ClaimsPrincipal actor, string action, IdentityUser user, object? before, object? after) =>
        new(CurrentActor.From(actor), action, AuditEntityTypes.User, user.Id, user.Email, before, after);

    /// <summary>What the audit log keeps of a user: never the password or its hash.</summary>
    private static object State(IdentityUser user, string role) => new { user.Email, Role = role, LockedUntil = user.LockoutEnd };

    private static async Task<string> RoleOfAsync(UserManager<IdentityUser> users, IdentityUser user) =>
        string.Join(", ", await users.GetRolesAsync(user));

    private static UserManager<IdentityUser> Users(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();

    private static async Task<bool> IsLastAdminAsync(UserManager<IdentityUser> users) =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1;

    private static async Task<Dictionary<string, string>> RolesByUserAsync(AsyncServiceScope scope, CancellationToken cancellationToken)
    {
        var db = scope.ServiceProvider.GetRequiredService<CdpDbContext>();
        var pairs = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return pairs.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p.Name).Order()));
    }

    private static async Task<List<AccountError>> ValidatePasswordAsync(UserManager<IdentityUser> users, IdentityUser user, string password)
    {
        var errors = new List<AccountError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Select(e => new AccountError(PasswordField, e.Description)));
        }
        return errors;
    }

    private static AccountResult Gone() => AccountResult.Refused("This user no longer exists; someone else deleted them. The list is reloaded.");

    /// <summary>Identity's messages, each placed on the field its code is about.</summary>
    private static AccountResult FromIdentity(IdentityResult result, string fallbackField = "") =>
        result.Succeeded
            ? AccountResult.Success
            : new AccountResult(result.Errors.Select(e => new AccountError(FieldOf(e.Code, fallbackField), e.Description)).ToList());

    private static string FieldOf(string code, string fallback) =>
        code.StartsWith("Password", StringComparison.Ordinal) ? PasswordField
        : code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) ? EmailField
        : code.Contains("Role", StringComparison.Ordinal) ? RoleField
        : fallback;
}
