using System.Globalization;
using System.Text;
using Cdp.Core.Customers;
using Microsoft.Extensions.Primitives;

namespace Cdp.Web.Api;

/// <summary>
/// The customer list query (search, column filters, sort) as a URL query string, so that the Customers page can
/// link to an export of exactly what its grid shows: <c>search=jeff&amp;filter=Country:equals:DE&amp;filter=TotalSpent:greaterThan:500&amp;sort=LastName&amp;desc=true</c>.
/// A filter is <c>Column:operator[:value]</c> (the value may itself contain colons).
/// </summary>
public static class CustomerQueryString
{
    public static string Format(string? search, IEnumerable<CustomerFilter> filters, string? sortBy, bool descending)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(search)) parts.Add("search=" + Uri.EscapeDataString(search.Trim()));
        foreach (var filter in filters)
        {
            var text = $"{filter.Column}:{Camel(filter.Operator.ToString())}";
            if (filter.Value is not null) text += ":" + Value(filter.Value);
            parts.Add("filter=" + Uri.EscapeDataString(text));
        }
        if (!string.IsNullOrEmpty(sortBy))
        {
            parts.Add("sort=" + Uri.EscapeDataString(sortBy));
            if (descending) parts.Add("desc=true");
        }
        return string.Join('&', parts);
    }

    /// <exception cref="ArgumentException">A parameter is unknown or malformed, or a filter is invalid; the message says which.</exception>
    public static CustomerListQuery Parse(IQueryCollection query)
    {
        var unknown = query.Keys.FirstOrDefault(k => k is not ("search" or "filter" or "sort" or "desc"));
        if (unknown is not null) throw new ArgumentException($"Unknown query parameter '{unknown}': use search, filter, sort and desc.");

        var filters = new List<CustomerFilter>();
        foreach (var text in query["filter"].OfType<string>()) filters.Add(ParseFilter(text));
        var sort = Single(query, "sort");
        if (sort is not null && !CustomerListColumns.Exists(sort))
            throw new ArgumentException($"Cannot sort by '{sort}': it is not a column of the customer list.");
        var desc = Single(query, "desc");
        var descending = false;
        if (desc is not null && !bool.TryParse(desc, out descending))
            throw new ArgumentException($"desc must be true or false, not '{desc}'.");

        var result = new CustomerListQuery { Search = Single(query, "search"), Filters = filters, SortBy = sort, Descending = descending };
        CustomerDirectory.Validate(result);
        return result;
    }

    private static CustomerFilter ParseFilter(string text)
    {
        var parts = text.Split(':', 3);
        var names = Enum.GetNames<CustomerFilterOperator>();
        if (parts.Length < 2 || names.FirstOrDefault(n => n.Equals(parts[1], StringComparison.OrdinalIgnoreCase)) is not { } name)
            throw new ArgumentException(
                $"The filter '{text}' is not Column:operator[:value]; the operators are {string.Join(", ", names.Select(Camel))}.");
        var op = Enum.Parse<CustomerFilterOperator>(name);
        var needsValue = op is not (CustomerFilterOperator.IsNull or CustomerFilterOperator.IsNotNull);
        if (needsValue && (parts.Length < 3 || parts[2].Length == 0))
            throw new ArgumentException($"The filter '{text}' needs a value: {parts[0]}:{Camel(name)}:<value>.");
        return new CustomerFilter(parts[0], op, needsValue ? parts[2] : null);
    }

    private static string? Single(IQueryCollection query, string name)
    {
        StringValues values = query[name];
        if (values.Count > 1) throw new ArgumentException($"Give '{name}' once.");
        return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
    }

    private static string Value(object value) => value switch
    {
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Camel(string name) => new StringBuilder(name) { [0] = char.ToLowerInvariant(name[0]) }.ToString();
}
