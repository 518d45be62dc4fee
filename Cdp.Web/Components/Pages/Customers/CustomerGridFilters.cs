using Cdp.Core.Customers;
using Radzen;

namespace Cdp.Web.Components.Pages.Customers;

/// <summary>Translates the grid's column filters into the Core list query's filters.</summary>
internal static class CustomerGridFilters
{
    public static IReadOnlyList<CustomerFilter> From(IEnumerable<FilterDescriptor>? descriptors)
    {
        var filters = new List<CustomerFilter>();
        foreach (var descriptor in descriptors ?? [])
        {
            var op = Map(descriptor.FilterOperator);
            if (op is null || descriptor.Property is null) continue;
            var needsValue = op is not (CustomerFilterOperator.IsNull or CustomerFilterOperator.IsNotNull);
            if (needsValue && (descriptor.FilterValue is null || descriptor.FilterValue is string { Length: 0 })) continue;
            filters.Add(new CustomerFilter(descriptor.Property, op.Value, needsValue ? descriptor.FilterValue : null));
        }
        return filters;
    }

    private static CustomerFilterOperator? Map(FilterOperator op) => op switch
    {
        FilterOperator.Equals => CustomerFilterOperator.Equals,
        FilterOperator.NotEquals => CustomerFilterOperator.NotEquals,
        FilterOperator.LessThan => CustomerFilterOperator.LessThan,
        FilterOperator.LessThanOrEquals => CustomerFilterOperator.LessThanOrEquals,
        FilterOperator.GreaterThan => CustomerFilterOperator.GreaterThan,
        FilterOperator.GreaterThanOrEquals => CustomerFilterOperator.GreaterThanOrEquals,
        FilterOperator.Contains => CustomerFilterOperator.Contains,
        FilterOperator.StartsWith => CustomerFilterOperator.StartsWith,
        FilterOperator.EndsWith => CustomerFilterOperator.EndsWith,
        FilterOperator.IsNull or FilterOperator.IsEmpty => CustomerFilterOperator.IsNull,
        FilterOperator.IsNotNull or FilterOperator.IsNotEmpty => CustomerFilterOperator.IsNotNull,
        _ => null,
    };
}
