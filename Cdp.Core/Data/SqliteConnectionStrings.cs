using Microsoft.Data.Sqlite;

namespace Cdp.Core.Data;

internal static class SqliteConnectionStrings
{
    public const string Default = "Data Source=data/cdp.db";

    /// <summary>
    /// Resolves a relative file path against <paramref name="baseDirectory"/> (the app's content root), so the
    /// database does not move with the current directory, and creates the folder it lives in.
    /// </summary>
    public static string Resolve(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        var inMemory = source == ":memory:" || builder.Mode == SqliteOpenMode.Memory || source.StartsWith("file:", StringComparison.Ordinal);
        if (!inMemory && !string.IsNullOrWhiteSpace(source))
        {
            builder.DataSource = Path.GetFullPath(source, baseDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }
}
