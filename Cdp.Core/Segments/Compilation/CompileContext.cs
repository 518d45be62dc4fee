using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Limits;
using Cdp.Core.Orders;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>What compiling one tree needs: the customer parameter, the database, the moment and the saved segments.</summary>
internal sealed class CompileContext(CdpDbContext db, FieldCatalog catalog, DateTime now, IReadOnlyDictionary<string, RuleGroup> segments)
{
    public ParameterExpression Customer { get; } = Expression.Parameter(typeof(Customer), "c");

    public CdpDbContext Db { get; } = db;

    public FieldCatalog Catalog { get; } = catalog;

    /// <summary>The as-of moment, UTC.</summary>
    public DateTime Now { get; } = DateTime.SpecifyKind(now, DateTimeKind.Utc);

    public DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>Saved segments' trees by key (case-insensitive), for references.</summary>
    public IReadOnlyDictionary<string, RuleGroup> Segments { get; } = segments;

    /// <summary>How large and deep the tree may be (<c>Cdp:Limits</c>).</summary>
    public LimitSettings Limits { get; init; } = new();

    /// <summary>The keys of the segments being expanded, outermost first, to detect cycles.</summary>
    public List<string> ReferenceChain { get; } = [];

    /// <summary>How many referenced segments are being expanded right now (0 in the tree itself).</summary>
    public int ExpansionDepth { get; set; }

    /// <summary>
    /// Whether orders since <paramref name="from"/> are a large share of all orders (judged by time, from the
    /// first order on): then reading every order in customer order beats reading the window and sorting it.
    /// </summary>
    public bool IsLongWindow(DateTime from)
    {
        if (FirstOrderAt is not { } first) return false;
        var history = (Now - first).TotalDays;
        return history > 0 && (Now - from).TotalDays > LongWindowShare * history;
    }

    /// <summary>When the first order was placed; null when unknown (windows are then read through their index).</summary>
    public DateTime? FirstOrderAt { get; init; }

    /// <summary>From the segments benchmark: a year of three was twice as fast unindexed, a month ten times slower.</summary>
    private const double LongWindowShare = 0.15;

    /// <summary>The start (00:00 UTC) of the day <paramref name="daysAgo"/> days before today.</summary>
    public DateTime DayStart(int daysAgo) => Today.AddDays(-daysAgo).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>
    /// When set, the tree is evaluated for this customer only (explanations): order subqueries then read just
    /// this customer's rows instead of a whole window.
    /// </summary>
    public int? OnlyCustomerId { get; init; }

    public IQueryable<Order> Orders =>
        OnlyCustomerId is { } id ? Db.Orders.Where(o => o.CustomerId == id) : Db.Orders;

    public IQueryable<OrderLine> OrderLines =>
        OnlyCustomerId is { } id ? Db.OrderLines.Where(l => l.Order!.CustomerId == id) : Db.OrderLines;

    public IQueryable<Favorite> Favorites =>
        OnlyCustomerId is { } id ? Db.Favorites.Where(f => f.CustomerId == id) : Db.Favorites;

    /// <summary>A member of the customer, e.g. <c>Member(c => c.Country)</c>, on this context's parameter.</summary>
    public Expression Member<T>(Expression<Func<Customer, T>> member) => Expr.Bind(member, Customer);
}
