using Cdp.Core.Customers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cdp.Web.Api;

/// <summary>Customers for automation: the CSV export of all customers, or of the view the Customers grid shows.</summary>
public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder routes)
    {
        var customers = routes.MapGroup("/api/customers").DisableAntiforgery();
        customers.MapGet("/export.csv", Export).WithName("ExportCustomers");
        return routes;
    }

    /// <summary>
    /// Streams the customers the query string selects (see <see cref="CustomerQueryString"/>) as CSV. The query is
    /// checked before anything is written, so a bad filter is a 400 rather than a broken download.
    /// </summary>
    internal static Results<PushStreamHttpResult, ProblemHttpResult> Export(
        HttpRequest request, CustomerExport export, TimeProvider clock, CancellationToken cancellationToken)
    {
        CustomerListQuery query;
        try
        {
            query = CustomerQueryString.Parse(request.Query);
        }
        catch (ArgumentException e)
        {
            var detail = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            return ApiProblem.BadRequest(detail).ToResult();
        }
        var fileName = $"customers-{clock.GetUtcNow():yyyy-MM-dd}.csv";
        return TypedResults.Stream(stream => export.WriteAsync(stream, query, cancellationToken), "text/csv; charset=utf-8", fileName);
    }
}
