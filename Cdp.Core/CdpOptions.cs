using Cdp.Core.Limits;

namespace Cdp.Core;

/// <summary>Settings under the <c>Cdp</c> configuration section.</summary>
public sealed class CdpOptions
{
    public const string SectionName = "Cdp";

    /// <summary>Culture for numbers and dates shown to marketers (e.g. en-US, de-DE).</summary>
    public string Culture { get; set; } = "en-US";

    /// <summary>ISO 4217 code of the currency that order amounts are in.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>The store's name as personalised pages and e-mails show it (<c>{{store.name}}</c>).</summary>
    public string StoreName { get; set; } = "Summit & Fairway";

    public DemoOptions Demo { get; set; } = new();

    public ImportSettings Import { get; set; } = new();

    public LimitSettings Limits { get; set; } = new();
}

/// <summary>Where imports keep their files, and how large an upload may be (<c>Cdp:Import</c>).</summary>
public sealed class ImportSettings
{
    /// <summary>Folder for uploads and error reports; relative to the content root.</summary>
    public string Folder { get; set; } = "data/imports";

    /// <summary>Largest file accepted, in megabytes.</summary>
    public int MaxUploadMegabytes { get; set; } = 500;

    /// <summary>Uploads not imported within this many hours are deleted.</summary>
    public int KeepUploadsHours { get; set; } = 24;
}

/// <summary>The demo store seeded into an empty database (<c>Cdp:Demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>How many customers to seed; 0 turns seeding off.</summary>
    public int Customers { get; set; } = 20_000;

    /// <summary>Random seed: the same seed and size always give the same store.</summary>
    public int Seed { get; set; } = 20261124;
}
