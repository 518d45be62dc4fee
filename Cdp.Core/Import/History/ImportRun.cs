namespace Cdp.Core.Import.History;

/// <summary>One import as the history lists it. Written when it starts, updated when it ends.</summary>
public class ImportRun
{
    public int Id { get; set; }
    public ImportKind Kind { get; set; }
    public required string FileName { get; set; }
    public long FileBytes { get; set; }
    public ImportStatus Status { get; set; }
    public bool DryRun { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Rows { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public int Merged { get; set; }

    /// <summary>What went wrong, or a one-line summary.</summary>
    public string? Message { get; set; }

    /// <summary>JSON: records created along the way and rejection reasons.</summary>
    public string? Summary { get; set; }

    /// <summary>JSON: format, mapping and options, so a run can be understood (and repeated) later.</summary>
    public string? Settings { get; set; }
}
