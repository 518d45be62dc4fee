namespace Cdp.Core.Audit;

/// <summary>Who makes a change, as the audit log names them: a user's e-mail, "api key &lt;name&gt;", or "system".</summary>
public sealed record Actor(string Name)
{
    /// <summary>The app itself: demo seeding and start-up work.</summary>
    public static Actor System { get; } = new("system");

    public override string ToString() => Name;
}
