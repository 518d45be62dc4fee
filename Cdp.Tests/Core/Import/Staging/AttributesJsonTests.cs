using System.Text.Json;
using Cdp.Core.Import.Staging;

namespace Cdp.Tests.Core.Import.Staging;

public class AttributesJsonTests
{
    [Fact]
    public void Write_SameTextAsJsonSerializer()
    {
        var writer = new AttributesJson();
        Dictionary<string, object?>[] rows =
        [
            new() { ["loyaltyTier"] = "gold", ["points"] = 12.50m, ["vip"] = true },
            new() { ["naïve \"quote\" <tag>"] = "Kraków & 😀 \u2028", ["n"] = 0.0000001m, ["big"] = 79228162514264337593543950335m, ["neg"] = -3m },
            new() { ["born"] = new DateOnly(1990, 1, 13), ["seen"] = new DateTime(2024, 1, 13, 10, 20, 30), ["day"] = new DateTime(2024, 1, 13), ["count"] = 7 },
            new() { ["tags"] = new List<string> { "a", "b" } },
            new(),
        ];
        foreach (var row in rows)
            Assert.Equal(JsonSerializer.Serialize(row.ToDictionary(a => a.Key, a => CustomerStage.AttributeJson(a.Value))), writer.Write(row));
    }
}
