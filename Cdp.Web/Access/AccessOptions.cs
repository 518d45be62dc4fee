namespace Cdp.Web.Access;

/// <summary>Sign-in settings (<c>Cdp:Access</c>).</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Cdp:Access";

    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Requests per second one caller may make to the personalisation endpoints.</summary>
    public int PersonalizePerSecond { get; set; } = 5000;

    public void Validate()
    {
        if (LockoutAttempts < 1) throw new InvalidOperationException($"{SectionName}:LockoutAttempts must be at least 1.");
        if (LockoutMinutes < 1) throw new InvalidOperationException($"{SectionName}:LockoutMinutes must be at least 1.");
        if (PersonalizePerSecond < 1) throw new InvalidOperationException($"{SectionName}:PersonalizePerSecond must be at least 1.");
    }
}
