namespace Cdp.Core.Import.Mapping;

/// <summary>The type a column's cells are read as.</summary>
public enum FieldType
{
    Text,
    Email,
    Number,
    Integer,
    Date,
    DateTime,
    Boolean,
    Gender,
    Country,
    Tags,
}

/// <summary>A field a CSV column can be mapped to.</summary>
/// <param name="Key">Stable camelCase key, the same the segment engine uses (firstName, birthDate…).</param>
/// <param name="Synonyms">Header names that map to it automatically, compared without case, spaces, dashes,
/// underscores, dots and accents.</param>
/// <param name="Computed">Derived by Cdp itself (from orders): recognised so that it is ignored, never imported.</param>
public sealed record ImportField(
    string Key, string Label, FieldType Type, string[] Synonyms, int MaxLength = 200, bool Required = false,
    bool Computed = false, string? Help = null);
