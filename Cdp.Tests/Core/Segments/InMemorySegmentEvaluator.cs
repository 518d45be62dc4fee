using System.Globalization;
using System.Text.Json;
using Cdp.Core.Customers;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Values;

namespace Cdp.Tests.Core.Segments;

/// <summary>
/// The meaning of a rule tree (docs/segments.md) written out directly in C# over loaded customers, without
/// the engine's compiler, field catalogue or expressions: the oracle of the differential test. It trusts
/// trees to be valid (the generator makes only valid ones) and throws on anything it does not know.
/// </summary>
/// <param name="attributeTypes">Registered custom attributes by name.</param>
/// <param name="segments">Saved segments' rules by key, for segment references (may be empty).</param>
public sealed class InMemorySegmentEvaluator(
    IReadOnlyDictionary<string, FieldType> attributeTypes,
    IReadOnlyDictionary<string, RuleGroup>? segments = null)
{
    private const string AttributePrefix = "attr.";

    /// <summary>Whether <paramref name="customer"/> (loaded with orders, lines, products, favourites) matches at <paramref name="asOfUtc"/>.</summary>
    public bool Matches(RuleGroup group, Customer customer, DateTime asOfUtc) =>
        Group(group, new Subject(customer, DateTime.SpecifyKind(asOfUtc, DateTimeKind.Utc)));

    private sealed record Subject(Customer Customer, DateTime AsOf)
    {
        public DateTime Today => AsOf.Date;
    }

    private bool Group(RuleGroup group, Subject s)
    {
        // An empty group places no condition: everyone (and a NOT empty group: no one).
        var result = group.Rules.Count == 0 || (group.Combinator == Combinators.Or
            ? group.Rules.Any(r => Node(r, s))
            : group.Rules.All(r => Node(r, s)));
        return group.Not ? !result : result;
    }

    private bool Node(RuleNode node, Subject s) => node switch
    {
        RuleGroup g => Group(g, s),
        Rule r => Rule(r, s),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private bool Rule(Rule rule, Subject s)
    {
        var c = s.Customer;
        return rule.Field switch
        {
            "firstName" => Text(rule, c.FirstName),
            "lastName" => Text(rule, c.LastName),
            "email" => Text(rule, c.Email),
            "externalId" => Text(rule, c.ExternalId),
            "maritalStatus" => Text(rule, c.MaritalStatus),
            "occupation" => Text(rule, c.Occupation),
            "education" => Text(rule, c.Education),
            "country" => Text(rule, c.Country),
            "region" => Text(rule, c.Region),
            "city" => Text(rule, c.City),
            "postalCode" => Text(rule, c.PostalCode),
            "device" => Text(rule, c.Device),
            "preferredChannel" => Text(rule, c.PreferredChannel),
            "acquisitionSource" => Text(rule, c.AcquisitionSource),
            "gender" => Text(rule, c.Gender.ToString()),
            "age" => Number(rule, Age(c.BirthDate, s.Today)),
            "birthDate" => Date(rule, c.BirthDate?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), s),
            "income" => Number(rule, c.Income),
            "emailOptIn" => Boolean(rule, c.EmailOptIn),
            "lastSeenAt" => Date(rule, c.LastSeenAt, s),
            "signedUpAt" => Date(rule, c.SignedUpAt, s),
            "interests" => Tags(rule, c.Interests),
            "ordersCount" => Number(rule, rule.Window is { } w ? OrdersIn(c, w, s).Count() : c.OrdersCount),
            "totalSpent" => Number(rule, rule.Window is { } w ? OrdersIn(c, w, s).Sum(o => o.Total) : c.TotalSpent),
            "averageOrderValue" => Number(rule, c.AverageOrderValue),
            "daysSinceLastOrder" => Number(rule, c.LastOrderAt is { } last ? s.Today.Subtract(last.Date).Days : null),
            "firstOrderAt" => Date(rule, c.FirstOrderAt, s),
            "lastOrderAt" => Date(rule, c.LastOrderAt, s),
            "purchasedCategory" => Purchased(rule, s, l => l.Product!.Category),
            "purchasedProduct" => Purchased(rule, s, l => l.Product!.Sku),
            "favoriteLowStock" => Boolean(rule, c.Favorites.Any(f => f.Product!.Stock <= Cdp.Core.Products.Product.LowStockThreshold)),
            "rfmSegment" => Text(rule, c.RfmSegment),
            "rfmRecency" => Number(rule, c.RfmRecency),
            "rfmFrequency" => Number(rule, c.RfmFrequency),
            "rfmMonetary" => Number(rule, c.RfmMonetary),
            "historicalClv" => Number(rule, c.TotalSpent),
            "predictedClv" => Number(rule, c.PredictedClv),
            "lifecycleStage" => Text(rule, LifecycleStages.Of(c, s.AsOf)),
            "segment" => Segment(rule, s),
            var f when f.StartsWith(AttributePrefix, StringComparison.Ordinal) => Attribute(rule, f[AttributePrefix.Length..], s),
            var f => throw new NotSupportedException($"field {f}"),
        };
    }

    // ---- text: ASCII letters ignore case (SQLite NOCASE and LIKE); other characters compare exactly.

    private static bool Text(Rule rule, string? value)
    {
        var op = rule.Operator;
        return op switch
        {
            "null" => value is null,
            "notNull" => value is not null,
            "!=" or "notIn" or "doesNotContain" or "doesNotBeginWith" or "doesNotEndWith" => !Text(Positive(rule), value),
            _ when value is null => false,
            "=" => Fold(value) == Fold(Single(rule)),
            "in" => List(rule).Any(v => Fold(value) == Fold(v)),
            "contains" => Fold(value).Contains(Fold(Single(rule)), StringComparison.Ordinal),
            "beginsWith" => Fold(value).StartsWith(Fold(Single(rule)), StringComparison.Ordinal),
            "endsWith" => Fold(value).EndsWith(Fold(Single(rule)), StringComparison.Ordinal),
            _ => throw new NotSupportedException($"text operator {op}"),
        };
    }

    /// <summary>Lower-cases A-Z only, as SQLite's NOCASE collation and LIKE do.</summary>
    public static string Fold(string text) =>
        string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = t[i] is >= 'A' and <= 'Z' ? (char)(t[i] + 32) : t[i];
        });

    private static Rule Positive(Rule rule)
    {
        var positive = rule.Operator switch
        {
            "!=" => "=",
            "notIn" => "in",
            "doesNotContain" => "contains",
            "doesNotBeginWith" => "beginsWith",
            "doesNotEndWith" => "endsWith",
            "notBetween" => "between",
            _ => throw new NotSupportedException(rule.Operator),
        };
        var copy = rule.Clone();
        copy.Operator = positive;
        return copy;
    }

    // ---- numbers

    private static bool Number(Rule rule, decimal? value)
    {
        var op = rule.Operator;
        if (op == "null") return value is null;
        if (op == "notNull") return value is not null;
        if (op is "!=" or "notBetween") return !Number(Positive(rule), value);
        if (value is not { } v) return false;
        if (op == "between")
        {
            var (low, high) = Range(rule, ToNumber);
            return low <= v && v <= high;
        }
        var x = ToNumber(Single(rule));
        return op switch
        {
            "=" => v == x,
            "<" => v < x,
            "<=" => v <= x,
            ">" => v > x,
            ">=" => v >= x,
            _ => throw new NotSupportedException($"number operator {op}"),
        };
    }

    private static decimal ToNumber(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int? Age(DateOnly? birth, DateTime today)
    {
        if (birth is not { } b) return null;
        var age = today.Year - b.Year;
        // The birthday this year; 29 February is celebrated on 28 February in common years.
        var birthday = Anniversary(b.Month, b.Day, today.Year);
        return birthday > today ? age - 1 : age;
    }

    private static DateTime Anniversary(int month, int day, int year) =>
        month == 2 && day == 29 && !DateTime.IsLeapYear(year)
            ? new DateTime(year, 2, 28, 0, 0, 0, DateTimeKind.Utc)
            : new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    // ---- booleans

    private static bool Boolean(Rule rule, bool? value) => rule.Operator switch
    {
        "null" => value is null,
        "notNull" => value is not null,
        "=" => value is { } v && v == ToBoolean(rule.Value!.Value),
        var op => throw new NotSupportedException($"boolean operator {op}"),
    };

    private static bool ToBoolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => bool.Parse(value.GetString()!),
        _ => throw new NotSupportedException($"boolean value {value}"),
    };

    // ---- dates: stored in UTC; a date value means its whole UTC day, an instant means that moment.

    private readonly record struct Bound(DateTime Start, DateTime End, bool IsDay);

    private static Bound ToBound(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return new Bound(start, start.AddDays(1), IsDay: true);
        }
        var instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
        return new Bound(instant, instant, IsDay: false);
    }

    private static bool Date(Rule rule, DateTime? value, Subject s)
    {
        var op = rule.Operator;
        if (op == "null") return value is null;
        if (op == "notNull") return value is not null;
        if (op is "!=" or "notBetween") return !Date(Positive(rule), value, s);
        if (value is not { } v) return false;
        switch (op)
        {
            case "inLastDays":
                return v >= s.Today.AddDays(-Days(rule)) && v <= s.AsOf;
            case "notInLastDays":
                return v < s.Today.AddDays(-Days(rule));
            case "inNextDays":
                var n = Days(rule);
                for (var k = 0; k <= n; k++)
                {
                    var day = s.Today.AddDays(k);
                    if (Anniversary(v.Month, v.Day, day.Year) == day) return true;
                }
                return false;
            case "between":
                var (low, high) = Range(rule, ToBound);
                return v >= low.Start && (high.IsDay ? v < high.End : v <= high.End);
        }
        var b = ToBound(Single(rule));
        return op switch
        {
            "=" => b.IsDay ? v >= b.Start && v < b.End : v == b.Start,
            "<" => v < b.Start,
            "<=" => b.IsDay ? v < b.End : v <= b.End,
            ">" => b.IsDay ? v >= b.End : v > b.End,
            ">=" => v >= b.Start,
            _ => throw new NotSupportedException($"date operator {op}"),
        };
    }

    private static int Days(Rule rule) => (int)ToNumber(Single(rule));

    // ---- tags, orders, favourites

    private static bool Tags(Rule rule, List<string> tags)
    {
        var wanted = List(rule).Select(Fold).ToList();
        var have = tags.Select(Fold).ToHashSet();
        return rule.Operator switch
        {
            "containsAny" => wanted.Any(have.Contains),
            "containsAll" => wanted.All(have.Contains),
            "containsNone" => !wanted.Any(have.Contains),
            var op => throw new NotSupportedException($"tags operator {op}"),
        };
    }

    private static IEnumerable<Cdp.Core.Orders.Order> OrdersIn(Customer c, RuleWindow window, Subject s)
    {
        var from = s.Today.AddDays(-window.Days);
        return c.Orders.Where(o => o.OrderedAt >= from && o.OrderedAt <= s.AsOf);
    }

    private static bool Purchased(Rule rule, Subject s, Func<Cdp.Core.Orders.OrderLine, string?> key)
    {
        var wanted = List(rule).Select(Fold).ToHashSet();
        var orders = rule.Window is { } w ? OrdersIn(s.Customer, w, s) : s.Customer.Orders;
        var bought = orders.SelectMany(o => o.Lines).Where(l => l.Quantity > 0)
            .Any(l => key(l) is { } k && wanted.Contains(Fold(k)));
        return rule.Operator switch
        {
            "in" => bought,
            "notIn" => !bought,
            var op => throw new NotSupportedException($"list operator {op}"),
        };
    }

    private bool Segment(Rule rule, Subject s)
    {
        var key = Single(rule);
        var rules = segments?.GetValueOrDefault(key) ?? throw new NotSupportedException($"unknown segment {key}");
        var inside = Group(rules, s);
        return rule.Operator switch
        {
            "in" => inside,
            "notIn" => !inside,
            var op => throw new NotSupportedException($"segment operator {op}"),
        };
    }

    // ---- custom attributes: JSON null and absent are both missing.

    private static readonly string[] AttributeDateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    private bool Attribute(Rule rule, string name, Subject s)
    {
        var type = attributeTypes[name];
        JsonElement? raw = null;
        if (s.Customer.Attributes is { } json)
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
                if (property.Name == name && property.Value.ValueKind != JsonValueKind.Null) raw = property.Value.Clone();
        }
        return type switch
        {
            FieldType.Number => Number(rule, raw?.GetDecimal()),
            FieldType.Text => Text(rule, raw?.GetString()),
            FieldType.Boolean => Boolean(rule, raw?.GetBoolean()),
            FieldType.Date => Date(rule, raw is { } d
                ? DateTime.ParseExact(d.GetString()!, AttributeDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                : null, s),
            _ => throw new NotSupportedException($"attribute type {type}"),
        };
    }

    // ---- values, the way react-querybuilder writes them

    private static string Single(Rule rule)
    {
        var value = rule.Value ?? throw new NotSupportedException($"{rule.Field} {rule.Operator} needs a value");
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new NotSupportedException($"value {value}"),
        };
    }

    private static List<string> List(Rule rule)
    {
        var value = rule.Value ?? throw new NotSupportedException($"{rule.Field} {rule.Operator} needs a value");
        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList(),
            JsonValueKind.String => value.GetString()!.Split(',').ToList(),
            _ => [Single(rule)],
        };
    }

    private static (T Low, T High) Range<T>(Rule rule, Func<string, T> parse)
    {
        var items = List(rule);
        if (items.Count != 2) throw new NotSupportedException($"range {rule.Value}");
        return (parse(items[0]), parse(items[1]));
    }
}
