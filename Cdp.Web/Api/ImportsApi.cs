using System.Text.Json;
using Cdp.Core.Import;
using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cdp.Web.Api;

/// <summary>
/// Imports for automation: upload a file for the wizard (<c>POST /api/uploads</c>), run a whole import in one
/// request (<c>POST /api/imports</c>), and read a run's outcome and error report. Every problem with the request
/// or the file is a 400 (413 when too large) with problem details that say what to fix.
/// </summary>
public static class ImportsApi
{
    /// <summary>Rejected values longer than this are shortened in JSON answers; the error report has them whole.</summary>
    private const int MaxValueChars = 200;

    private static readonly string[] KnownFields =
        ["file", "kind", "key", "mode", "policy", "dryRun", "createMissingCustomers", "mapping", "dateOrder", "decimalSeparator"];

    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/uploads", UploadAsync).DisableAntiforgery().WithOwnBodyLimit().WithName("Upload");

        var imports = routes.MapGroup("/api/imports").DisableAntiforgery();
        imports.MapPost("/", ImportAsync).WithOwnBodyLimit().WithName("RunImport");
        imports.MapGet("/{id:int}", GetAsync).WithName("GetImport");
        imports.MapGet("/{id:int}/errors.csv", ErrorsAsync).WithName("GetImportErrors");
        return routes;
    }

    /// <summary>Streams the <c>file</c> part to disk for a later import; answers its id, name and size.</summary>
    internal static async Task<Results<Ok<UploadResponse>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ImportFiles files, CancellationToken cancellationToken)
    {
        try
        {
            var form = await MultipartUpload.ReadAsync(request, files, cancellationToken);
            if (form.File is not { } upload)
                throw ApiProblem.BadRequest($"The request has no file: send it in a multipart part named '{MultipartUpload.FilePart}'.");
            return TypedResults.Ok(new UploadResponse(upload.Id, upload.FileName, upload.Bytes));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult();
        }
    }

    /// <summary>
    /// Runs an import of the <c>file</c> part: detection and mapping are automatic for whatever the request does
    /// not say. The upload is deleted afterwards, whatever happened.
    /// </summary>
    internal static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ImportFiles files, ImportService imports, CancellationToken cancellationToken)
    {
        MultipartUpload? form = null;
        try
        {
            form = await MultipartUpload.ReadAsync(request, files, cancellationToken);
            var unknown = form.Fields.Keys.FirstOrDefault(k => !KnownFields.Contains(k, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
                throw ApiProblem.BadRequest($"Unknown field '{unknown}'. The fields are: {string.Join(", ", KnownFields)}.");
            if (form.File is not { } upload)
                throw ApiProblem.BadRequest($"The request has no file: send the CSV in a multipart part named '{MultipartUpload.FilePart}'.");

            var kind = Choice(form.Fields, "kind", (ImportKind?)null)
                ?? throw ApiProblem.BadRequest("Say what the file holds: kind = customers, orders, products or favorites.");
            var options = new ImportOptions
            {
                Key = Choice(form.Fields, "key", MatchKey.Email),
                Mode = Choice(form.Fields, "mode", ImportMode.InsertAndUpdate),
                Policy = Choice(form.Fields, "policy", ErrorPolicy.SkipInvalidRows),
                DateOrder = Choice(form.Fields, "dateOrder", DateOrder.Unknown),
                DecimalSeparator = Choice(form.Fields, "decimalSeparator", DecimalSeparator.Unknown),
                DryRun = Flag(form.Fields, "dryRun"),
                CreateMissingCustomers = Flag(form.Fields, "createMissingCustomers"),
            };

            var analysis = await imports.AnalyzeAsync(upload.Path, kind, null, null, options, cancellationToken);
            if (analysis.Problem is not null) throw ApiProblem.BadRequest(analysis.Problem);
            if (form.Fields.TryGetValue("mapping", out var mappingJson))
            {
                var mapping = await MapAsync(mappingJson, kind, analysis, imports, cancellationToken);
                analysis = await imports.AnalyzeAsync(upload.Path, kind, analysis.Format, mapping, options, cancellationToken);
                if (analysis.Problem is not null) throw ApiProblem.BadRequest(analysis.Problem);
            }

            var effective = options with { DateOrder = analysis.DateOrder, DecimalSeparator = analysis.DecimalSeparator };
            var result = await imports.RunAsync(
                new ImportRequest(upload.Path, upload.FileName, kind, analysis.Format!, analysis.Mapping, effective), Hosting.CurrentActor.From(request.HttpContext.User), null, cancellationToken);

            // A run that failed before reading a row failed on the request (a mapping without the match key, say).
            if (result.Status == ImportStatus.Failed && result.Counts.Rows == 0 && result.FirstErrors.Count == 0)
                return ApiProblem.BadRequest(result.Message ?? "The import could not start.").ToResult(new Dictionary<string, object?> { ["importId"] = result.ImportId });
            return TypedResults.Ok(ImportResponse.From(result, analysis.Warnings));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult();
        }
        finally
        {
            if (form?.File is { } upload) files.DeleteUpload(upload.Id);
        }
    }

    internal static async Task<Results<Ok<ImportRunResponse>, ProblemHttpResult>> GetAsync(
        int id, ImportService imports, ImportFiles files, CancellationToken cancellationToken)
    {
        var run = await imports.GetAsync(id, cancellationToken);
        if (run is null) return ApiProblem.NotFound($"There is no import {id}.").ToResult();
        return TypedResults.Ok(new ImportRunResponse(run.Id, Camel(run.Kind), run.FileName, Camel(run.Status), run.DryRun, Utc(run.StartedAt),
            run.FinishedAt is { } finished ? Utc(finished) : null, run.Rows, run.Inserted, run.Updated, run.Unchanged, run.Rejected, run.Merged, run.Message,
            HasReport(run.Id, run.Rejected, files) ? ErrorsUrl(run.Id) : null));
    }

    internal static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> ErrorsAsync(
        int id, ImportService imports, ImportFiles files, CancellationToken cancellationToken)
    {
        var run = await imports.GetAsync(id, cancellationToken);
        if (run is null) return ApiProblem.NotFound($"There is no import {id}.").ToResult();
        if (!HasReport(id, run.Rejected, files))
            return ApiProblem.NotFound($"Import {id} rejected no rows, so it has no error report.").ToResult();
        return TypedResults.PhysicalFile(files.ErrorReportPath(id), "text/csv; charset=utf-8", $"import-{id}-errors.csv");
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static bool HasReport(int id, int rejected, ImportFiles files) => rejected > 0 && File.Exists(files.ErrorReportPath(id));

    private static string ErrorsUrl(int id) => $"/api/imports/{id}/errors.csv";

    /// <summary>
    /// The suggested mapping changed as the request's <c>mapping</c> says: a JSON object from column header to a
    /// field key, "ignore", or "attr:&lt;name&gt;". A field chosen for a column is taken away from any other column.
    /// </summary>
    private static async Task<IReadOnlyList<ColumnTarget>> MapAsync(
        string json, ImportKind kind, ImportAnalysis analysis, ImportService imports, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? requested;
        try
        {
            requested = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException e)
        {
            throw ApiProblem.BadRequest(
                $"The mapping is not a JSON object of column names to field keys, like {{\"Mail\": \"email\", \"Notes\": \"ignore\"}}: {e.Message}");
        }
        if (requested is null) throw ApiProblem.BadRequest("The mapping is null: send a JSON object, or leave the field out.");

        var mapping = analysis.Mapping.ToList();
        var attributeTypes = await imports.AttributeTypesAsync(cancellationToken);
        var fields = ImportFields.For(kind).Where(f => !f.Computed).ToList();
        var chosen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, target) in requested)
        {
            var index = ColumnIndex(analysis.Headers, header);
            if (index < 0)
                throw ApiProblem.BadRequest(
                    $"The mapping names the column '{header}', which the file does not have. Its columns are: {string.Join(", ", analysis.Headers.Select(h => $"'{h}'"))}.");
            var value = target?.Trim() ?? "";
            if (value.Equals("ignore", StringComparison.OrdinalIgnoreCase))
                mapping[index] = ColumnTarget.Ignored;
            else if (value.StartsWith("attr:", StringComparison.OrdinalIgnoreCase))
                mapping[index] = Attribute(kind, header, value[5..].Trim(), index, analysis, attributeTypes);
            else if (fields.FirstOrDefault(f => f.Key.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } field)
            {
                if (chosen.TryGetValue(field.Key, out var other))
                    throw ApiProblem.BadRequest($"The mapping sends both '{other}' and '{header}' to {field.Key}: choose one.");
                chosen[field.Key] = header;
                for (var i = 0; i < mapping.Count; i++)
                    if (mapping[i] is { Kind: TargetKind.Field } t && string.Equals(t.Field, field.Key, StringComparison.OrdinalIgnoreCase))
                        mapping[i] = ColumnTarget.Ignored;
                mapping[index] = ColumnTarget.ToField(field.Key);
            }
            else
                throw ApiProblem.BadRequest(
                    $"The mapping sends '{header}' to '{target}', which is not a field of {Camel(kind)} imports. Use one of: " +
                    $"{string.Join(", ", fields.Select(f => f.Key))}; or \"ignore\"{(kind == ImportKind.Customers ? "; or \"attr:<name>\" for a custom attribute" : "")}.");
        }
        return mapping;
    }

    private static int ColumnIndex(IReadOnlyList<string> headers, string header)
    {
        for (var i = 0; i < headers.Count; i++)
            if (headers[i] == header) return i;
        var matches = headers.Select((h, i) => (h, i)).Where(x => x.h.Equals(header.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0].i : -1;
    }

    private static ColumnTarget Attribute(ImportKind kind, string header, string name, int index, ImportAnalysis analysis,
        IReadOnlyDictionary<string, FieldType> attributeTypes)
    {
        if (kind != ImportKind.Customers)
            throw ApiProblem.BadRequest($"Only customer imports keep custom attributes; map '{header}' to a field or \"ignore\".");
        if (!HeaderNames.IsAttributeName(name))
            throw ApiProblem.BadRequest(
                $"'attr:{name}' for '{header}' is not a valid attribute name: use up to 64 letters and digits, starting with a letter (attr:loyaltyTier).");
        if (attributeTypes.TryGetValue(name, out var known)) return ColumnTarget.ToAttribute(name, known);
        if (analysis.Mapping[index] is { Kind: TargetKind.Attribute, AttributeType: { } suggested }) return ColumnTarget.ToAttribute(name, suggested);
        var sample = analysis.Preview.Select(row => index < row.Cells.Count ? row.Cells[index].Raw : null);
        return ColumnTarget.ToAttribute(name, AttributeTypes.Infer(sample, analysis.DateOrder, analysis.DecimalSeparator));
    }

    /// <summary>An enum field, named as in the API (camelCase, any case); <paramref name="fallback"/> when absent or blank.</summary>
    private static T Choice<T>(IReadOnlyDictionary<string, string> fields, string name, T fallback)
    {
        if (!fields.TryGetValue(name, out var raw) || string.IsNullOrWhiteSpace(raw)) return fallback;
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        var names = Enum.GetNames(type).Where(n => n != "Unknown").ToList();
        var match = names.FirstOrDefault(n => n.Equals(raw.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
            throw ApiProblem.BadRequest($"'{raw}' is not a valid {name}: use {string.Join(", ", names.Select(Camel))}.");
        return (T)Enum.Parse(type, match);
    }

    private static bool Flag(IReadOnlyDictionary<string, string> fields, string name)
    {
        if (!fields.TryGetValue(name, out var raw) || string.IsNullOrWhiteSpace(raw)) return false;
        return bool.TryParse(raw.Trim(), out var value)
            ? value
            : throw ApiProblem.BadRequest($"'{raw}' is not a valid {name}: use true or false.");
    }

    private static string Camel<T>(T value) where T : notnull => Camel(value.ToString()!);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public sealed record UploadResponse(string Id, string FileName, long Bytes);

    public sealed record ImportResponse(
        int ImportId, string Status, bool DryRun, int Rows, int Inserted, int Updated, int Unchanged, int Rejected, int Merged,
        string? Message, IReadOnlyList<RejectionGroup> Reasons, IReadOnlyList<ImportError> Errors, IReadOnlyList<string> Warnings,
        string? ErrorReport)
    {
        public static ImportResponse From(ImportResult result, IReadOnlyList<string> warnings)
        {
            var c = result.Counts;
            var errors = result.FirstErrors.Select(e => e.Value is { Length: > MaxValueChars } value
                ? e with { Value = value[..MaxValueChars] + "…" }
                : e).ToList();
            return new ImportResponse(result.ImportId, Camel(result.Status), result.DryRun, c.Rows, c.Inserted, c.Updated, c.Unchanged,
                c.Rejected, c.Merged, result.Message, result.Reasons, errors, warnings, c.Rejected > 0 ? ErrorsUrl(result.ImportId) : null);
        }
    }

    public sealed record ImportRunResponse(
        int ImportId, string Kind, string FileName, string Status, bool DryRun, DateTime StartedAt, DateTime? FinishedAt,
        int Rows, int Inserted, int Updated, int Unchanged, int Rejected, int Merged, string? Message, string? ErrorReport);
}
