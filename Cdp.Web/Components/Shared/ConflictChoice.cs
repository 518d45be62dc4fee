namespace Cdp.Web.Components.Shared;

/// <summary>What an editor does after a save was refused because someone else saved first.</summary>
public enum ConflictChoice { Cancel, Reload, Overwrite }
