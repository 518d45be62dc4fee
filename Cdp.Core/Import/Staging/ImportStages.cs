namespace Cdp.Core.Import.Staging;

/// <summary>The stage of each kind of import, and its checks that need no database.</summary>
internal static class ImportStages
{
    public static ImportStage Create(ImportKind kind, SqlSession sql, RowConverter converter, ImportOptions options, DateTime now) => kind switch
    {
        ImportKind.Customers => new CustomerStage(sql, converter, options, now),
        _ => throw new NotSupportedException($"{kind} imports are not supported yet."),
    };

    /// <summary>Why the mapping cannot be imported (a required field without a column), or null.</summary>
    public static string? CheckMapping(ImportKind kind, IReadOnlySet<string> mapped, ImportOptions options) => kind switch
    {
        ImportKind.Customers => CustomerStage.CheckMapping(mapped, options),
        _ => null,
    };

    /// <summary>Why this row would be rejected as a whole, or null.</summary>
    public static string? Check(ImportKind kind, ConvertedRow row, RowConverter converter, ImportOptions options) => kind switch
    {
        ImportKind.Customers => CustomerStage.CheckRow(row, converter, options),
        _ => null,
    };
}
