using System.Globalization;
using System.Linq.Expressions;
using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Customers;

/// <summary>
/// The columns of the customer list that can be sorted and filtered, each bound to its customer property so
/// that filters and sorts become SQL. Names are the <see cref="CustomerRow"/> property names.
/// </summary>
public static class CustomerListColumns
{
    private static readonly Dictionary<string, LambdaExpression> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(CustomerRow.Id)] = Column(c => c.Id),
        [nameof(CustomerRow.ExternalId)] = Column(c => c.ExternalId),
        [nameof(CustomerRow.FirstName)] = Column(c => c.FirstName),
        [nameof(CustomerRow.LastName)] = Column(c => c.LastName),
        [nameof(CustomerRow.Email)] = Column(c => c.Email),
        [nameof(CustomerRow.Country)] = Column(c => c.Country),
        [nameof(CustomerRow.City)] = Column(c => c.City),
        [nameof(CustomerRow.OrdersCount)] = Column(c => c.OrdersCount),
        [nameof(CustomerRow.TotalSpent)] = Column(c => c.TotalSpent),
        [nameof(CustomerRow.LastOrderAt)] = Column(c => c.LastOrderAt),
        [nameof(CustomerRow.SignedUpAt)] = Column(c => c.SignedUpAt),
    };

    public static bool Exists(string column) => Columns.ContainsKey(column);

    // Names sort by their folded keys: indexed, and "Łukasz" sorts with the Ls rather than after Z.
    private static readonly Dictionary<string, LambdaExpression> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(CustomerRow.FirstName)] = Column(c => c.FirstNameKey),
        [nameof(CustomerRow.LastName)] = Column(c => c.LastNameKey),
    };

    internal static IQueryable<Customer> Sort(IQueryable<Customer> customers, string? column, bool descending)
    {
        if (column is null || !(SortKeys.TryGetValue(column, out var selector) || Columns.TryGetValue(column, out selector)))
            return customers.OrderByDescending(c => c.SignedUpAt).ThenByDescending(c => c.Id);
        var method = descending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy);
        var call = Expression.Call(typeof(Queryable), method, [typeof(Customer), selector.ReturnType],
            customers.Expression, Expression.Quote(selector));
        var sorted = (IOrderedQueryable<Customer>)customers.Provider.CreateQuery<Customer>(call);
        return descending ? sorted.ThenByDescending(c => c.Id) : sorted.ThenBy(c => c.Id);
    }

    /// <exception cref="ArgumentException">Unknown column, or a value that does not fit the column's type.</exception>
    internal static IQueryable<Customer> Filter(IQueryable<Customer> customers, CustomerFilter filter)
    {
        if (!Columns.TryGetValue(filter.Column, out var selector))
            throw new ArgumentException($"Unknown column '{filter.Column}'.", nameof(filter));
        var member = selector.Body;
        var type = member.Type;
        Expression body = filter.Operator switch
        {
            CustomerFilterOperator.IsNull => Expression.Equal(member, Expression.Constant(null, type)),
            CustomerFilterOperator.IsNotNull => Expression.NotEqual(member, Expression.Constant(null, type)),
            CustomerFilterOperator.Contains or CustomerFilterOperator.StartsWith or CustomerFilterOperator.EndsWith =>
                Like(member, filter),
            _ when type == typeof(string) => Compare(Folded(member), filter.Operator, Value(filter with { Value = Fold(filter.Value) }, type)),
            _ => Compare(member, filter.Operator, Value(filter, type)),
        };
        return customers.Where(Expression.Lambda<Func<Customer, bool>>(body, selector.Parameters));
    }

    private static Expression Like(Expression member, CustomerFilter filter)
    {
        if (member.Type != typeof(string))
            throw new ArgumentException($"'{filter.Column}' is not a text column; '{filter.Operator}' needs text.", nameof(filter));
        var text = EscapeLike(Fold(filter.Value) ?? "");
        var pattern = filter.Operator switch
        {
            CustomerFilterOperator.StartsWith => text + "%",
            CustomerFilterOperator.EndsWith => "%" + text,
            _ => "%" + text + "%",
        };
        var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
            [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
        return Expression.Call(like, Expression.Constant(EF.Functions), Folded(member), Parameter(pattern), Expression.Constant(LikeEscape));
    }

    /// <summary>Text filters compare folded text on both sides (see <see cref="TextFolding"/>).</summary>
    private static Expression Folded(Expression text) =>
        Expression.Call(typeof(TextFolding).GetMethod(nameof(TextFolding.Sql))!, text);

    private static string? Fold(object? value) => TextFolding.Fold(Convert.ToString(value, CultureInfo.InvariantCulture));

    private static Expression Compare(Expression member, CustomerFilterOperator op, Expression value) => op switch
    {
        CustomerFilterOperator.Equals => Expression.Equal(member, value),
        CustomerFilterOperator.NotEquals => Expression.NotEqual(member, value),
        CustomerFilterOperator.LessThan => Expression.LessThan(member, value),
        CustomerFilterOperator.LessThanOrEquals => Expression.LessThanOrEqual(member, value),
        CustomerFilterOperator.GreaterThan => Expression.GreaterThan(member, value),
        CustomerFilterOperator.GreaterThanOrEquals => Expression.GreaterThanOrEqual(member, value),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    private static Expression Value(CustomerFilter filter, Type type)
    {
        if (filter.Value is null) throw new ArgumentException($"A value is required to filter '{filter.Column}'.", nameof(filter));
        if (type == typeof(string) && filter.Operator is not (CustomerFilterOperator.Equals or CustomerFilterOperator.NotEquals))
            throw new ArgumentException($"'{filter.Column}' is text: use equals, contains, starts with or ends with.", nameof(filter));
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            var converted = filter.Value is IConvertible && target != typeof(string) && filter.Value.GetType() != target
                ? Convert.ChangeType(filter.Value, target, CultureInfo.InvariantCulture)
                : filter.Value;
            return Expression.Convert(Parameter(converted), type);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"'{filter.Value}' is not a valid {target.Name} for '{filter.Column}'.", nameof(filter), e);
        }
    }

    internal const string LikeEscape = "\\";

    internal static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape).Replace("%", LikeEscape + "%").Replace("_", LikeEscape + "_");

    /// <summary>A value EF sends as a SQL parameter (a closure member), never inlined into the SQL text.</summary>
    private static Expression Parameter(object? value)
    {
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(value!.GetType()), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private sealed class ValueHolder<T>(T value)
    {
        public T Value { get; } = value;
    }

    private static LambdaExpression Column<T>(Expression<Func<Customer, T>> selector) => selector;
}
