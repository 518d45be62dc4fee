namespace Cdp.Core;

/// <summary>Settings under the <c>Cdp</c> configuration section.</summary>
public sealed class CdpOptions
{
    public const string SectionName = "Cdp";

    /// <summary>Culture for numbers and dates shown to marketers (e.g. en-US, de-DE).</summary>
    public string Culture { get; set; } = "en-US";

    /// <summary>ISO 4217 code of the currency that order amounts are in.</summary>
    public string Currency { get; set; } = "USD";

    public DemoOptions Demo { get; set; } = new();
}

/// <summary>The demo store seeded into an empty database (<c>Cdp:Demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>How many customers to seed; 0 turns seeding off.</summary>
    public int Customers { get; set; } = 20_000;

    /// <summary>Random seed: the same seed and size always give the same store.</summary>
    public int Seed { get; set; } = 20261124;
}
