using Microsoft.AspNetCore.Http.HttpResults;

namespace Cdp.Web.Api;

/// <summary>
/// A request the API refuses, with the status and the sentence that tells the caller what to fix. Thrown where
/// the problem is found (deep in reading a multipart body, say) and answered as RFC 7807 problem details.
/// </summary>
internal sealed class ApiProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    public static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "The request is not valid", detail);

    public static ApiProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ApiProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "The file is too large", detail);

    public static ApiProblem BodyTooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "The request body is too large", detail);

    public ProblemHttpResult ToResult(IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: Message, statusCode: Status, title: Title, extensions: extensions);
}
