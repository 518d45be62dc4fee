using System.Globalization;
using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments.Fields;

/// <summary>A field with the hints a value editor needs: suggestions for text, the range of numbers and dates.</summary>
/// <param name="Values">Every value when there are few (at most <see cref="FieldHints.MaxSuggestions"/>); null otherwise.</param>
public sealed record FieldDescription(
    string Key,
    string Label,
    FieldCategory Category,
    SegmentFieldType Type,
    IReadOnlyList<string> Operators,
    string Description,
    bool Windowable,
    bool WholeNumbers,
    IReadOnlyList<string>? Values,
    string? Min,
    string? Max);

/// <summary>
/// The field catalogue with value hints from the data. Hints scan the customers, so they are cached until
/// the data changes (imports, seeding, segment saves).
/// </summary>
public sealed class FieldHints(IDbContextFactory<CdpDbContext> dbFactory, SegmentEngine engine, DataChanges changes, TimeProvider clock)
{
    public const int MaxSuggestions = 50;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Hints? _cache;

    private sealed record Hints(long Version, IReadOnlyList<FieldDescription> Fields);

    /// <summary>
    /// Every field with its hints. Hints scan the customers (seconds at a million), so after the data changes
    /// the hints known so far are served while fresh ones are computed in the background; only the very first
    /// call waits. Saved segment keys are always current.
    /// </summary>
    public async Task<IReadOnlyList<FieldDescription>> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var hints = _cache ?? await RefreshAsync(cancellationToken);
        if (hints.Version != changes.Version) RefreshInBackground();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.Segments.OrderBy(s => s.Key).Select(s => s.Key).ToListAsync(cancellationToken);
        return hints.Fields.Select(f => f.Type == SegmentFieldType.Segment ? f with { Values = keys } : f).ToList();
    }

    private void RefreshInBackground()
    {
        if (_gate.CurrentCount == 0) return;   // already refreshing
        _ = Task.Run(async () =>
        {
            try { await RefreshAsync(CancellationToken.None); }
            catch (Exception) { /* the previous hints stay; the next request tries again */ }
        });
    }

    private async Task<Hints> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var version = changes.Version;
            if (_cache is { } cached && cached.Version == version) return cached;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var catalog = await engine.CatalogAsync(db, cancellationToken);
            var context = new CompileContext(db, catalog, clock.GetUtcNow().UtcDateTime, new Dictionary<string, RuleGroup>());
            var fields = new List<FieldDescription>();
            foreach (var field in catalog.Fields)
                fields.Add(await DescribeAsync(db, context, field, cancellationToken));
            var hints = new Hints(version, fields.Select(f => Elapsed(f, fields, context.Today)).ToList());
            _cache = hints;
            return hints;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<FieldDescription> DescribeAsync(CdpDbContext db, CompileContext context, SegmentField field, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? values = field.Choices;
        string? min = null, max = null;
        var member = field.Type is SegmentFieldType.Text or SegmentFieldType.Number or SegmentFieldType.Date && field.Key is not ("age" or "daysSinceLastOrder")
            ? context.Catalog.Translator(field.Key).Actual(context, new Rule { Field = field.Key })
            : null;
        switch (field.Type)
        {
            case SegmentFieldType.Text when member is { Type: var t } && t == typeof(string) && field.Key is not ("email" or "firstName" or "lastName" or "externalId"):
                values = Few(await Query<string?>(db, context, member).Where(v => v != null && v != "").Distinct().OrderBy(v => v)
                    .Take(MaxSuggestions + 1).ToListAsync(cancellationToken));
                break;
            case SegmentFieldType.Tags:
                // EF would need an APPLY for SelectMany over a JSON column, which SQLite lacks; json_each does it.
                const string tagsSql = "SELECT DISTINCT t.value AS Value FROM Customers AS c, json_each(c.Interests) AS t ORDER BY t.value LIMIT 51";
                values = Few(await db.Database.SqlQueryRaw<string>(tagsSql).ToListAsync(cancellationToken));
                break;
            case SegmentFieldType.List when field.Key == "purchasedCategory":
                values = Few(await db.Products.Where(p => p.Category != null).Select(p => p.Category!).Distinct().OrderBy(v => v)
                    .Take(MaxSuggestions + 1).ToListAsync(cancellationToken));
                break;
            case SegmentFieldType.Number when member is not null:
                var numbers = Query<double?>(db, context, Expression.Convert(member, typeof(double?)));
                (min, max) = (Format(await numbers.MinAsync(cancellationToken)), Format(await numbers.MaxAsync(cancellationToken)));
                break;
            case SegmentFieldType.Date when member is not null && member.Type == typeof(string):
                var texts = Query<string?>(db, context, member).Where(v => v != null);
                (min, max) = (Day(await texts.MinAsync(cancellationToken)), Day(await texts.MaxAsync(cancellationToken)));
                break;
            case SegmentFieldType.Date when member is not null && member.Type == typeof(DateOnly?):
                var days = Query<DateOnly?>(db, context, member).Where(v => v != null);
                (min, max) = (Day(await days.MinAsync(cancellationToken)), Day(await days.MaxAsync(cancellationToken)));
                break;
            case SegmentFieldType.Date when member is not null:
                var moments = Query<DateTime?>(db, context, Expr.As(member, typeof(DateTime?))).Where(v => v != null);
                (min, max) = (Day(await moments.MinAsync(cancellationToken)), Day(await moments.MaxAsync(cancellationToken)));
                break;
        }
        return new FieldDescription(field.Key, field.Label, field.Category, field.Type, field.Operators, field.Description,
            field.Windowable, field.WholeNumbers, values, min, max);
    }

    /// <summary>Age and days since the last order range over what their dates range over, the other way round.</summary>
    private static FieldDescription Elapsed(FieldDescription field, List<FieldDescription> fields, DateOnly today)
    {
        Func<DateOnly, int>? elapsed = field.Key switch
        {
            "age" => birth => CustomerAge.InYears(birth, today),
            "daysSinceLastOrder" => last => today.DayNumber - last.DayNumber,
            _ => null,
        };
        var dates = fields.Find(f => f.Key == (field.Key == "age" ? "birthDate" : "lastOrderAt"));
        if (elapsed is null || dates?.Min is null || dates.Max is null) return field;
        var (latest, earliest) = (DateOnly.Parse(dates.Max, CultureInfo.InvariantCulture), DateOnly.Parse(dates.Min, CultureInfo.InvariantCulture));
        return field with
        {
            Min = elapsed(latest).ToString(CultureInfo.InvariantCulture),
            Max = elapsed(earliest).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static IQueryable<T> Query<T>(CdpDbContext db, CompileContext context, Expression member) =>
        db.Customers.AsNoTracking().Select(Expression.Lambda<Func<Customer, T>>(member, context.Customer));

    private static List<string>? Few<T>(List<T> values) where T : class? =>
        values.Count > MaxSuggestions ? null : values.OfType<string>().ToList();

    private static string? Format(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private static string? Day(string? value) => value is { Length: >= 10 } ? value[..10] : value;

    private static string? Day(DateTime? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Day(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
