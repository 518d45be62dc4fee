namespace Cdp.Core.Accounts;

/// <summary>The three roles a signed-in person can have; each user has exactly one.</summary>
public static class Roles
{
    /// <summary>Everything a marketer can do, plus users, API keys, the audit log and backups.</summary>
    public const string Admin = "Admin";

    /// <summary>Imports, segments and experiences.</summary>
    public const string Marketer = "Marketer";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Marketer, Viewer];
}
