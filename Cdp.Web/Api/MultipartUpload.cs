using System.Text;
using Cdp.Core.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Cdp.Web.Api;

/// <summary>A multipart request: the uploaded file (already on disk) and the other form fields.</summary>
internal sealed record MultipartUpload(StoredUpload? File, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>Name of the part that carries the file.</summary>
    public const string FilePart = "file";

    /// <summary>Room above the file size for the part headers, boundaries and the other fields.</summary>
    private const long Overhead = 2 * 1024 * 1024;

    /// <summary>Longest form field accepted (a mapping of many columns fits easily).</summary>
    private const int MaxFieldChars = 1024 * 1024;

    /// <summary>
    /// Reads a multipart/form-data body part by part: the <c>file</c> part is streamed to disk through
    /// <see cref="ImportFiles.SaveUploadAsync"/> (never buffered in memory), the other parts are read as text.
    /// The file may come before or after the fields. Raises the server's request size limit to the upload limit.
    /// </summary>
    /// <exception cref="ApiProblem">The body is not multipart, is malformed, is too large, or repeats a part. Any
    /// saved upload is deleted.</exception>
    public static async Task<MultipartUpload> ReadAsync(HttpRequest request, ImportFiles files, CancellationToken cancellationToken)
    {
        var limit = files.MaxUploadBytes + Overhead;
        if (request.ContentLength > limit) throw TooLarge(files);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            throw ApiProblem.BadRequest(
                $"Send the request as multipart/form-data with the file in a part named '{FilePart}' (curl -F {FilePart}=@customers.csv).");

        StoredUpload? upload = null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            // The upload limit is enforced while the file is written; the reader's own 128 MB part limit would cut it short.
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                    throw ApiProblem.BadRequest("Every part of the multipart body needs a Content-Disposition: form-data header with a name.");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name.Equals(FilePart, StringComparison.OrdinalIgnoreCase))
                {
                    if (upload is not null) throw ApiProblem.BadRequest($"Send one file only: the request has more than one '{FilePart}' part.");
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                                   ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    upload = await files.SaveUploadAsync(section.Body, fileName ?? "upload.csv", cancellationToken);
                }
                else if (disposition.IsFileDisposition())
                    throw ApiProblem.BadRequest($"The file part is named '{name}': name it '{FilePart}'.");
                else if (!fields.TryAdd(name, await ReadFieldAsync(section.Body, name, cancellationToken)))
                    throw ApiProblem.BadRequest($"The field '{name}' is given more than once.");
            }
            return new MultipartUpload(upload, fields);
        }
        catch (Exception e)
        {
            if (upload is not null) files.DeleteUpload(upload.Id);
            throw e switch
            {
                ApiProblem problem => problem,
                UploadTooLargeException => TooLarge(files),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(files),
                BadHttpRequestException or IOException or InvalidDataException when !cancellationToken.IsCancellationRequested =>
                    ApiProblem.BadRequest($"The multipart body could not be read: {e.Message}"),
                _ => e,
            };
        }
    }

    private static ApiProblem TooLarge(ImportFiles files) => ApiProblem.TooLarge(new UploadTooLargeException(files.MaxUploadBytes).Message);

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length + read > MaxFieldChars) throw ApiProblem.BadRequest($"The field '{name}' is longer than {MaxFieldChars:N0} characters.");
            text.Append(buffer, 0, read);
        }
        return text.ToString();
    }
}
