namespace Cdp.Core.Import;

/// <summary>An uploaded file waiting to be imported.</summary>
public sealed record StoredUpload(string Id, string FileName, string Path, long Bytes, DateTime UploadedAt);

/// <summary>The upload was larger than the configured limit; nothing of it was kept.</summary>
public sealed class UploadTooLargeException(long limitBytes)
    : Exception($"The file is larger than {limitBytes / 1048576:N0} MB, the most an import accepts.")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>
/// Where imports keep files: uploads (streamed to disk, never held in memory) and error reports. Uploads are
/// addressed by a generated id only, so no name from a request ever becomes part of a path.
/// </summary>
public sealed class ImportFiles
{
    private const string NameSuffix = ".name";

    public ImportFiles(string root, long maxUploadBytes)
    {
        Root = root;
        MaxUploadBytes = maxUploadBytes;
        Directory.CreateDirectory(UploadsFolder);
        Directory.CreateDirectory(ReportsFolder);
    }

    public string Root { get; }
    public long MaxUploadBytes { get; }
    private string UploadsFolder => Path.Combine(Root, "uploads");
    private string ReportsFolder => Path.Combine(Root, "reports");

    public string ErrorReportPath(int importId) => Path.Combine(ReportsFolder, $"import-{importId}-errors.csv");

    /// <summary>Streams <paramref name="content"/> to a new upload file, stopping as soon as it passes the size limit.</summary>
    /// <exception cref="UploadTooLargeException">The content is larger than <see cref="MaxUploadBytes"/>; the partial file is deleted.</exception>
    public async Task<StoredUpload> SaveUploadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        var path = Path.Combine(UploadsFolder, id);
        var buffer = new byte[81920];
        long total = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, buffer.Length, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > MaxUploadBytes) throw new UploadTooLargeException(MaxUploadBytes);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            var name = CleanFileName(fileName);
            await File.WriteAllTextAsync(path + NameSuffix, name, cancellationToken);
            return new StoredUpload(id, name, path, total, File.GetCreationTimeUtc(path));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The upload with this id, or null when the id is malformed or unknown.</summary>
    public StoredUpload? FindUpload(string? id)
    {
        if (id is null || id.Length != 32 || !id.All(char.IsAsciiHexDigitLower)) return null;
        var path = Path.Combine(UploadsFolder, id);
        if (!File.Exists(path)) return null;
        var name = File.Exists(path + NameSuffix) ? File.ReadAllText(path + NameSuffix) : "upload.csv";
        return new StoredUpload(id, name, path, new FileInfo(path).Length, File.GetCreationTimeUtc(path));
    }

    public void DeleteUpload(string id)
    {
        if (FindUpload(id) is not { } upload) return;
        File.Delete(upload.Path);
        File.Delete(upload.Path + NameSuffix);
    }

    /// <summary>Deletes uploads older than <paramref name="age"/>; returns how many.</summary>
    public int DeleteUploadsOlderThan(TimeSpan age, DateTime now)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(UploadsFolder).Where(p => !p.EndsWith(NameSuffix, StringComparison.Ordinal)))
        {
            if (now - File.GetLastWriteTimeUtc(path) <= age) continue;
            File.Delete(path);
            File.Delete(path + NameSuffix);
            deleted++;
        }
        return deleted;
    }

    /// <summary>The name to show: the last path segment, without control characters, at most 200 characters.</summary>
    public static string CleanFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').Last();
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0 || clean is "." or "..") clean = "upload.csv";
        return clean.Length <= 200 ? clean : clean[..200];
    }
}
