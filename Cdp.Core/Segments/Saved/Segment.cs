namespace Cdp.Core.Segments.Saved;

/// <summary>A saved audience: a named rule tree, with its size as last computed.</summary>
public class Segment
{
    public int Id { get; set; }

    /// <summary>Stable slug other segments and templates refer to (<c>inSegment "key"</c>); unique, kept on rename.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The rule tree as react-querybuilder JSON (see docs/segments.md).</summary>
    public required string Rules { get; set; }

    /// <summary>Customers in the segment when last computed; null until then.</summary>
    public int? CachedCount { get; set; }

    public DateTime? CountedAt { get; set; }

    /// <summary>1 when created, incremented by every update: editors save against the version they loaded.</summary>
    public int Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
