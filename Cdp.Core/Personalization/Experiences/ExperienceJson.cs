using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>How variants are stored: camelCase JSON without nulls, the same names the HTTP API uses.</summary>
public static class ExperienceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(IReadOnlyList<VariantDefinition> variants) => JsonSerializer.Serialize(variants, Options);

    public static IReadOnlyList<VariantDefinition> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<VariantDefinition>>(json, Options) ?? [];
}
