using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Orders;
using Cdp.Core.Products;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>The window of an order rule: from the start of the day N days ago up to the as-of moment.</summary>
internal static class OrderWindow
{
    public static (DateTime From, DateTime To) Of(CompileContext context, RuleWindow window)
    {
        if (window.Days is < 0 or > RuleValues.MaxDays)
            throw new RuleValueException($"the window must be from 0 to {RuleValues.MaxDays:N0} days", "window");
        return (context.DayStart(window.Days), context.Now);
    }
}

/// <summary>
/// Number of orders or amount spent. Without a window these are the figures stored on the customer;
/// with one, they are aggregated from the orders in it, as an uncorrelated IN (… GROUP BY … HAVING …)
/// subquery that reads only the window's orders through the (OrderedAt, CustomerId, Total) index.
/// </summary>
internal sealed class OrderMetricTranslator<T>(
    Expression<Func<Customer, T>> stored,
    Expression<Func<IEnumerable<Order>, T>> aggregate,
    bool isCount) : FieldTranslator, IWindowedAggregate
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        if (rule.Window is null) return NumberTranslator.Compare(Stored(context), op, rule, whole: isCount);

        // Customers without orders in the window have 0. When 0 passes, match everyone except the customers
        // whose orders fail the test, so the ones without orders are included without visiting them.
        if (!NumberTranslator.Passes(0, op, rule, isCount)) return Customers(context, rule, GroupTest(context, op, rule));
        var window = OrderSubqueries.InWindow(context, rule.Window);
        // "No order in the window" (count = 0, < 1…): no grouping needed, just who ordered in it.
        if (isCount && NumberTranslator.BoundedAbove(op) && !NumberTranslator.Passes(1, op, rule, isCount))
            return Expr.Not(OrderSubqueries.Contains(context.Orders.Where(window).Select(o => o.CustomerId), context.Customer));
        var test = GroupTest(context, op, rule);
        return Expr.Not(Customers(context, rule, Expression.Lambda<Func<IGrouping<int, Order>, bool>>(Expr.Not(test.Body), test.Parameters)));
    }

    /// <summary>The HAVING test for a windowed rule that customers without orders in the window fail; else null.</summary>
    public Expression<Func<IGrouping<int, Order>, bool>>? Having(CompileContext context, Rule rule) =>
        rule.Window is not null && !Operators.IsNegated(rule.Operator) && !NumberTranslator.Passes(0, rule.Operator, rule, isCount)
            ? GroupTest(context, rule.Operator, rule)
            : null;

    public override Expression? Actual(CompileContext context, Rule rule)
    {
        if (rule.Window is null) return Stored(context);
        var (from, to) = OrderWindow.Of(context, rule.Window);
        var db = context.Db;
        Expression<Func<Customer, IEnumerable<Order>>> orders = c =>
            db.Orders.Where(o => o.CustomerId == c.Id && o.OrderedAt >= from && o.OrderedAt <= to);
        return Expr.Bind(aggregate, Expr.Bind(orders, context.Customer));
    }

    private Expression<Func<IGrouping<int, Order>, bool>> GroupTest(CompileContext context, string op, Rule rule)
    {
        var group = Expression.Parameter(typeof(IGrouping<int, Order>), "g");
        return Expression.Lambda<Func<IGrouping<int, Order>, bool>>(
            NumberTranslator.Compare(Expr.Bind(aggregate, group), op, rule, whole: isCount), group);
    }

    private static Expression Customers(CompileContext context, Rule rule, Expression<Func<IGrouping<int, Order>, bool>> having) =>
        OrderSubqueries.Grouped(context, rule.Window!, having);

    private Expression Stored(CompileContext context) => Expr.Bind(stored, context.Customer);
}

/// <summary>A windowed order aggregate whose HAVING tests can share one GROUP BY with its siblings.</summary>
internal interface IWindowedAggregate
{
    Expression<Func<IGrouping<int, Order>, bool>>? Having(CompileContext context, Rule rule);
}

internal static class OrderSubqueries
{
    /// <summary>
    /// The orders of a window. A short one is read through the (OrderedAt, CustomerId, Total) index; a long one
    /// is tested on every order of the (CustomerId, OrderedAt, Total) index, which comes grouped by customer,
    /// so SQLite need not sort a large part of the history.
    /// </summary>
    public static Expression<Func<Order, bool>> InWindow(CompileContext context, RuleWindow window)
    {
        var (from, to) = OrderWindow.Of(context, window);
        return context.IsLongWindow(from)
            ? o => SegmentSqlFunctions.Unindexed(o.OrderedAt) >= from && SegmentSqlFunctions.Unindexed(o.OrderedAt) <= to
            : o => o.OrderedAt >= from && o.OrderedAt <= to;
    }

    /// <summary><c>customer.Id IN (SELECT CustomerId FROM Orders WHERE window GROUP BY CustomerId HAVING …)</c>.</summary>
    public static Expression Grouped(CompileContext context, RuleWindow window, Expression<Func<IGrouping<int, Order>, bool>> having) =>
        Contains(context.Orders.Where(InWindow(context, window)).GroupBy(o => o.CustomerId).Where(having).Select(g => g.Key),
            context.Customer);

    /// <summary><c>customer.Id IN (subquery)</c>: SQLite runs the subquery once, not per customer.</summary>
    public static Expression Contains(IQueryable<int> customerIds, ParameterExpression customer) =>
        Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(int)],
            customerIds.Expression, Expression.Property(customer, nameof(Customer.Id)));
}

/// <summary>Bought any of some categories or SKUs (lines with a positive quantity), optionally in a window.</summary>
internal sealed class PurchasedTranslator(Expression<Func<Product, string?>> key) : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        if (op != Operators.In) throw Unsupported(op);
        return OrderSubqueries.Contains(Lines(context, rule).Select(l => l.Order!.CustomerId), context.Customer);
    }

    /// <summary>How many matching items the customer bought.</summary>
    public override Expression? Actual(CompileContext context, Rule rule)
    {
        var lines = Lines(context, rule);
        Expression<Func<Customer, int>> count = c => lines.Count(l => l.Order!.CustomerId == c.Id);
        return Expr.Bind(count, context.Customer);
    }

    public override string Format(object? actual, CompileContext context) =>
        actual is int n ? (n == 1 ? "1 matching item bought" : $"{n} matching items bought") : ValueText.Format(actual);

    private IQueryable<OrderLine> Lines(CompileContext context, Rule rule)
    {
        var values = RuleValues.List(rule).ToList();
        var product = Expression.Parameter(typeof(OrderLine), "l");
        var productKey = Expr.Bind(key, Expression.Property(product, nameof(OrderLine.Product)));
        var matches = Expression.Lambda<Func<OrderLine, bool>>(TextTranslator.In(productKey, values), product);
        var lines = context.OrderLines.Where(l => l.Quantity > 0).Where(matches);
        if (rule.Window is null) return lines;
        var (from, to) = OrderWindow.Of(context, rule.Window);
        return lines.Where(l => l.Order!.OrderedAt >= from && l.Order.OrderedAt <= to);
    }
}

/// <summary>Has a favourite whose stock is at or below <see cref="Product.LowStockThreshold"/>.</summary>
internal sealed class FavoriteLowStockTranslator : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        if (op != Operators.Equal) throw Unsupported(op);
        var low = context.Favorites.Where(f => f.Product!.Stock <= Product.LowStockThreshold).Select(f => f.CustomerId);
        var contains = OrderSubqueries.Contains(low, context.Customer);
        return RuleValues.Boolean(rule) ? contains : Expr.Not(contains);
    }

    public override Expression? Actual(CompileContext context, Rule rule)
    {
        var db = context.Db;
        Expression<Func<Customer, int>> count = c => db.Favorites.Count(f => f.CustomerId == c.Id && f.Product!.Stock <= Product.LowStockThreshold);
        return Expr.Bind(count, context.Customer);
    }

    public override string Format(object? actual, CompileContext context) =>
        actual is int n ? (n == 1 ? "1 favourite running low" : $"{n} favourites running low") : ValueText.Format(actual);
}
