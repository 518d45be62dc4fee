using System.Globalization;
using Cdp.Core.Data;
using Cdp.Web.Access;

namespace Cdp.Web.Api;

/// <summary>
/// <c>GET /api/admin/backup</c>: a consistent copy of the live database, for admins (never an API key); a 507 problem
/// when the server has too little room for the copy.
/// </summary>
public static class BackupApi
{
    public static IEndpointRouteBuilder MapBackupApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/admin/backup", Download).RequireAuthorization(AccessPolicies.Admin);
        return routes;
    }

    private static async Task<IResult> Download(DatabaseBackup backup, TimeProvider clock, CancellationToken cancellationToken)
    {
        var name = $"cdp-backup-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.db";
        var path = Path.Combine(Path.GetTempPath(), $"cdp-backup-{Guid.NewGuid():N}.db");
        try
        {
            await backup.WriteToAsync(path, cancellationToken);
        }
        catch (BackupSpaceException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status507InsufficientStorage, title: "Not enough disk space");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        // The temporary copy goes away when the response has been sent (or the client gave up).
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
            FileOptions.Asynchronous | FileOptions.SequentialScan | FileOptions.DeleteOnClose);
        return TypedResults.File(stream, "application/vnd.sqlite3", name);
    }
}
