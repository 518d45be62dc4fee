using Cdp.Core.Products;

namespace Cdp.Core.Demo;

/// <summary>
/// The demo store's catalogue: about 300 outdoor and golf products. Equipment comes in beginner, intermediate
/// and pro levels (so that recommendations can lead a customer to the next level); apparel and consumables
/// have no level.
/// </summary>
internal static class DemoCatalog
{
    public static readonly string[] Levels = ["beginner", "intermediate", "pro"];

    /// <summary>The interest tag a category appeals to.</summary>
    public static readonly IReadOnlyDictionary<string, string> InterestOfCategory = new Dictionary<string, string>
    {
        ["Golf"] = "golf", ["Hiking"] = "hiking", ["Camping"] = "camping", ["Climbing"] = "climbing",
        ["Cycling"] = "cycling", ["Running"] = "running", ["Water Sports"] = "kayaking", ["Apparel"] = "travel",
    };

    private sealed record Line(string Code, string Category, string Subcategory, string Noun, decimal BasePrice, bool Levelled, int Models);

    private static readonly Line[] Lines =
    [
        new("GSET", "Golf", "Club Sets", "Golf Club Set", 349m, true, 3),
        new("GDRV", "Golf", "Drivers", "Driver", 219m, true, 3),
        new("GIRN", "Golf", "Irons", "Iron Set", 399m, true, 3),
        new("GPUT", "Golf", "Putters", "Putter", 99m, true, 3),
        new("GWDG", "Golf", "Wedges", "Wedge", 89m, true, 3),
        new("GBAG", "Golf", "Golf Bags", "Stand Bag", 129m, true, 3),
        new("GBAL", "Golf", "Golf Balls", "Golf Balls (12 pack)", 29m, false, 4),
        new("GSHO", "Golf", "Golf Shoes", "Golf Shoes", 119m, true, 3),
        new("GRNG", "Golf", "Rangefinders", "Laser Rangefinder", 179m, true, 3),
        new("GHYB", "Golf", "Hybrids", "Hybrid", 149m, true, 3),
        new("GGLV", "Golf", "Gloves", "Golf Glove", 19m, false, 3),
        new("HBOT", "Hiking", "Boots", "Hiking Boots", 139m, true, 3),
        new("HPAK", "Hiking", "Backpacks", "Daypack 30L", 89m, true, 3),
        new("HPOL", "Hiking", "Trekking Poles", "Trekking Poles", 59m, true, 3),
        new("HGPS", "Hiking", "Navigation", "GPS Handheld", 249m, true, 3),
        new("HLMP", "Hiking", "Headlamps", "Headlamp", 39m, false, 4),
        new("CTNT", "Camping", "Tents", "2-Person Tent", 229m, true, 3),
        new("CSLP", "Camping", "Sleeping Bags", "Sleeping Bag", 129m, true, 3),
        new("CSTV", "Camping", "Stoves", "Camping Stove", 69m, true, 3),
        new("CCHR", "Camping", "Camp Furniture", "Folding Chair", 49m, false, 3),
        new("CFLT", "Camping", "Water Filters", "Water Filter", 45m, false, 3),
        new("KHRN", "Climbing", "Harnesses", "Climbing Harness", 69m, true, 3),
        new("KROP", "Climbing", "Ropes", "Dynamic Rope 60m", 169m, true, 3),
        new("KSHO", "Climbing", "Climbing Shoes", "Climbing Shoes", 109m, true, 3),
        new("KHLM", "Climbing", "Helmets", "Climbing Helmet", 65m, true, 3),
        new("BBIK", "Cycling", "Bikes", "Gravel Bike", 1199m, true, 3),
        new("BHLM", "Cycling", "Helmets", "Cycling Helmet", 79m, true, 3),
        new("BLGT", "Cycling", "Lights", "Bike Light Set", 45m, false, 3),
        new("RSHO", "Running", "Trail Shoes", "Trail Running Shoes", 129m, true, 3),
        new("RVST", "Running", "Running Packs", "Running Vest", 79m, true, 3),
        new("RWAT", "Running", "Watches", "GPS Sports Watch", 299m, true, 3),
        new("RSCK", "Running", "Socks", "Trail Socks (3 pack)", 25m, false, 4),
        new("WKAY", "Water Sports", "Kayaks", "Touring Kayak", 899m, true, 3),
        new("WPAD", "Water Sports", "Paddles", "Kayak Paddle", 119m, true, 3),
        new("WSUT", "Water Sports", "Wetsuits", "Wetsuit", 159m, true, 3),
        new("AJKT", "Apparel", "Jackets", "Waterproof Jacket", 179m, false, 6),
        new("ABAS", "Apparel", "Base Layers", "Merino Base Layer", 69m, false, 6),
        new("AFLC", "Apparel", "Fleeces", "Fleece Pullover", 79m, false, 5),
        new("AHAT", "Apparel", "Hats", "Sun Hat", 29m, false, 4),
    ];

    private static readonly string[] Brands = ["Fairway", "Summit", "Northbound", "TrailCraft", "Alpenglow", "Ridgeline", "Tidewater", "Cairn"];

    private static readonly IReadOnlyDictionary<string, (string Model, decimal Factor)[]> ModelsByLevel =
        new Dictionary<string, (string, decimal)[]>
        {
            ["beginner"] = [("Starter", 1.0m), ("Essential", 1.1m), ("First Tee", 0.9m)],
            ["intermediate"] = [("Advance", 1.8m), ("Performance", 2.0m), ("Momentum", 1.7m)],
            ["pro"] = [("Tour", 3.0m), ("Elite", 3.4m), ("Apex", 2.8m)],
        };

    private static readonly string[] UnlevelledModels = ["Classic", "Lite", "Storm", "Heritage", "Aero", "Everyday"];

    /// <summary>Builds the catalogue with ids 1..N. The first product is the beginner golf club set Jeff owns.</summary>
    public static List<Product> Build(Random random)
    {
        var products = new List<Product>();
        foreach (var line in Lines)
        {
            string?[] levels = line.Levelled ? [.. Levels] : [null];
            foreach (var level in levels)
            {
                for (var model = 0; model < line.Models; model++)
                {
                    var brand = Brands[(products.Count * 3 + model) % Brands.Length];
                    var (modelName, factor) = level is null
                        ? (UnlevelledModels[model % UnlevelledModels.Length], 1m + model * 0.15m)
                        : ModelsByLevel[level][model % 3];
                    var id = products.Count + 1;
                    var sku = Sku(line, level, model);
                    products.Add(new Product
                    {
                        Id = id,
                        Sku = sku,
                        Name = $"{brand} {modelName} {line.Noun}",
                        Category = line.Category,
                        Subcategory = line.Subcategory,
                        Level = level,
                        Price = Math.Round(line.BasePrice * factor, 0) - 0.01m,
                        // About one product in ten is running low.
                        Stock = random.NextDouble() < 0.1 ? random.Next(0, 6) : random.Next(8, 250),
                        ImageUrl = $"https://store.example.com/images/{sku.ToLowerInvariant()}.jpg",
                        ProductUrl = $"https://store.example.com/p/{sku.ToLowerInvariant()}",
                    });
                }
            }
        }
        return products;
    }

    /// <summary>The SKUs of a category's equipment at one level, e.g. every beginner golf product.</summary>
    public static IReadOnlyList<string> SkusOf(string category, string level) =>
        Lines.Where(l => l.Category == category && l.Levelled)
            .SelectMany(l => Enumerable.Range(0, l.Models).Select(model => Sku(l, level, model)))
            .ToList();

    private static string Sku(Line line, string? level, int model) =>
        $"{line.Code}-{(level ?? "x")[0]}{model + 1:00}".ToUpperInvariant();
}
