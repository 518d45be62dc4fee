namespace Cdp.Core.Personalization.Experiences;

/// <summary>
/// A stored experience. The variants are one JSON document: they are always read and written whole, and no
/// query looks inside them.
/// </summary>
public class Experience
{
    public int Id { get; set; }

    /// <summary>Stable slug the API and embeds use (<c>/p/{key}/{customerId}</c>); unique, kept on rename.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    public ExperienceKind Kind { get; set; }

    public ExperienceStatus Status { get; set; }

    public int HoldoutPercent { get; set; }

    /// <summary>The variants in priority order as JSON (see <see cref="ExperienceJson"/>).</summary>
    public required string Variants { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
