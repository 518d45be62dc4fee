using System.Text.Json.Serialization;

namespace Cdp.Core.Import.Mapping;

public enum TargetKind
{
    /// <summary>The column fills a field of the record.</summary>
    Field,
    /// <summary>The column is kept as a custom attribute of the customer.</summary>
    Attribute,
    /// <summary>The column is not imported.</summary>
    Ignore,
}

/// <summary>Where one CSV column goes.</summary>
public sealed record ColumnTarget(TargetKind Kind, string? Field = null, string? Attribute = null, FieldType? AttributeType = null)
{
    public static readonly ColumnTarget Ignored = new(TargetKind.Ignore);

    public static ColumnTarget ToField(string key) => new(TargetKind.Field, Field: key);

    public static ColumnTarget ToAttribute(string name, FieldType type) => new(TargetKind.Attribute, Attribute: name, AttributeType: type);

    [JsonIgnore]
    public string Description => Kind switch
    {
        TargetKind.Field => Field!,
        TargetKind.Attribute => $"custom attribute {Attribute} ({AttributeType?.ToString().ToLowerInvariant()})",
        _ => "ignored",
    };
}

/// <summary>Why a column was mapped as it was, shown next to the suggestion.</summary>
public sealed record ColumnSuggestion(int Index, string Header, ColumnTarget Target, string Reason);
