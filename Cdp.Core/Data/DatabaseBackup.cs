using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Data;

/// <summary>How much room a backup needs and how much the folder it is written to has.</summary>
public sealed record BackupSpace(string Folder, long NeededBytes, long FreeBytes)
{
    public bool Enough => FreeBytes >= NeededBytes;

    /// <summary>What is missing, for a sentence the caller ends with what to do next.</summary>
    public string Shortfall => $"Not enough disk space for a backup: it needs about {Size(NeededBytes)}, and the server's " +
        $"temporary folder has {Size(FreeBytes)} free. Free some space on the server";

    /// <summary>"340 KB", "412 MB", "51.3 GB": whole units below a gigabyte, so a small database does not read "0 MB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1 << 20 => (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB",
        < 1 << 30 => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1073741824.0).ToString("N1", CultureInfo.InvariantCulture) + " GB",
    };
}

/// <summary>The folder a backup is written to has too little free space; nothing was kept of the copy.</summary>
public sealed class BackupSpaceException(BackupSpace space)
    : Exception(space.Shortfall + ", then download again.")
{
    public BackupSpace Space { get; } = space;
}

/// <summary>
/// A consistent copy of the live database, made with SQLite's online backup: the copy is the database as it was at
/// one moment, even while an import writes (in WAL mode the backup reads a snapshot and writers carry on).
/// </summary>
/// <param name="freeBytes">Free bytes on the drive of a folder; the real drive's unless a test says otherwise.</param>
public sealed class DatabaseBackup(IDbContextFactory<CdpDbContext> dbFactory, Func<string, long>? freeBytes = null)
{
    private readonly Func<string, long> _freeBytes = freeBytes ?? (folder => new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace);

    /// <summary>The room a copy needs (the database's pages) against what <paramref name="folder"/> has free.</summary>
    public async Task<BackupSpace> SpaceAsync(string folder, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pages = await db.Database.SqlQueryRaw<long>("SELECT page_count * page_size AS \"Value\" FROM pragma_page_count(), pragma_page_size()")
            .SingleAsync(cancellationToken);
        return new BackupSpace(folder, pages, _freeBytes(folder));
    }

    /// <summary>
    /// Writes the copy to <paramref name="targetPath"/> (replacing the file) as one self-contained file: rollback
    /// journal rather than WAL, so there is no -wal file to carry along.
    /// </summary>
    /// <exception cref="BackupSpaceException">The target's folder has too little room, before or while copying; no file is left.</exception>
    public async Task WriteToAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(targetPath))!;
        if (await SpaceAsync(folder, cancellationToken) is { Enough: false } space) throw new BackupSpaceException(space);
        try
        {
            await CopyAsync(targetPath, cancellationToken);
        }
        catch (Exception e) when (e is SqliteException { SqliteErrorCode: 13 } || (e is IOException && IsDiskFull(e)))   // 13: SQLITE_FULL
        {
            File.Delete(targetPath);
            throw new BackupSpaceException(await SpaceAsync(folder, cancellationToken));
        }
    }

    private async Task CopyAsync(string targetPath, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var source = (SqliteConnection)db.Database.GetDbConnection();
        File.Delete(targetPath);
        var target = new SqliteConnectionStringBuilder { DataSource = targetPath, Pooling = false }.ToString();
        await using var copy = new SqliteConnection(target);
        await copy.OpenAsync(cancellationToken);
        // One step copies every page under one read snapshot; the call is synchronous, so keep it off the caller's thread.
        await Task.Run(() => source.BackupDatabase(copy), cancellationToken);
        await using var command = copy.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ENOSPC on Linux and macOS (28), ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows (0x70, 0x27).
    private static bool IsDiskFull(Exception e) => (e.HResult & 0xFFFF) is 28 or 0x70 or 0x27;
}
