using Microsoft.AspNetCore.Identity;

namespace Cdp.Web.Access;

/// <summary>
/// The password rules in plain words: Identity's own read "non alphanumeric character" and "('0'-'9')", which is
/// how a programmer says it, not how the person adding a colleague reads it.
/// </summary>
internal sealed class PasswordRuleMessages : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Use at least {length} characters." };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "Add a symbol, such as ! # - or _." };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "Add a digit (0-9)." };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "Add a lower-case letter." };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "Add an upper-case letter." };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Use at least {uniqueChars} different characters." };
}
