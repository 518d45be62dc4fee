using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;

namespace Cdp.Core.Import;

/// <summary>Which column identifies an existing customer.</summary>
public enum MatchKey
{
    Email,
    ExternalId,
}

public enum ImportMode
{
    /// <summary>Add new records and update existing ones.</summary>
    InsertAndUpdate,
    /// <summary>Add new records; leave existing ones as they are.</summary>
    InsertOnly,
    /// <summary>Update existing records; rows for unknown ones are rejected.</summary>
    UpdateOnly,
}

public enum ErrorPolicy
{
    /// <summary>Import the valid rows and report the others.</summary>
    SkipInvalidRows,
    /// <summary>Import nothing when any row is invalid.</summary>
    AllOrNothing,
}

/// <summary>The choices of an import beyond its file, format and mapping.</summary>
public sealed record ImportOptions
{
    public MatchKey Key { get; init; } = MatchKey.Email;
    public ImportMode Mode { get; init; } = ImportMode.InsertAndUpdate;
    public ErrorPolicy Policy { get; init; } = ErrorPolicy.SkipInvalidRows;
    public DateOrder DateOrder { get; init; } = DateOrder.Unknown;
    public DecimalSeparator DecimalSeparator { get; init; } = DecimalSeparator.Unknown;

    /// <summary>Orders import: create customers that the file names but the database does not know yet.</summary>
    public bool CreateMissingCustomers { get; init; }

    /// <summary>Work out what would happen, then leave the database as it was.</summary>
    public bool DryRun { get; init; }
}

/// <summary>Everything an import run needs.</summary>
public sealed record ImportRequest(
    string FilePath, string FileName, ImportKind Kind, CsvFileFormat Format, IReadOnlyList<ColumnTarget> Mapping, ImportOptions Options);
