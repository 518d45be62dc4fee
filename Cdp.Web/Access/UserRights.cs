namespace Cdp.Web.Access;

/// <summary>
/// What the signed-in person may do, cascaded from the layout so that any component can hide a control the server
/// would refuse anyway (<see cref="WriteAccess"/> is that refusal).
/// </summary>
/// <param name="CanWrite">Whether they may change data (imports, segments, experiences).</param>
public sealed record UserRights(bool CanWrite)
{
    /// <summary>What a component assumes until it is told otherwise: nothing that changes data is shown.</summary>
    public static readonly UserRights ReadOnly = new(false);

    /// <summary>The note shown where a viewer opens something they may only read.</summary>
    public const string ReadOnlyNote = "Viewers can look but not change. Ask an admin for the Marketer role to edit.";
}
