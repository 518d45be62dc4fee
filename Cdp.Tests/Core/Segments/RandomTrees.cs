using System.Globalization;
using Cdp.Core.Customers;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Values;

namespace Cdp.Tests.Core.Segments;

/// <summary>
/// Random valid rule trees over every field and operator of docs/segments.md, with values taken from the
/// store's data (so that equality, boundaries and substrings really hit), written in the several ways
/// react-querybuilder writes values (numbers as strings, lists as comma-separated text).
/// </summary>
public sealed class RandomTrees(Random rng, RandomStore store, IReadOnlyList<string>? segmentKeys = null)
{
    private const int MaxDepth = 4;

    private enum Kind { Text, Choice, Number, Date, Boolean, Tags, List, Segment }

    /// <summary>Field, kind, whether it can be empty (offers null/notNull), whether it takes a window.</summary>
    /// <remarks><c>Edge</c> picks the customers whose values sit on a boundary; half the samples come from them.</remarks>
    private sealed record Field(string Key, Kind Kind, bool Nullable = true, bool Windowable = false, Func<Customer, object?>? Sample = null,
        Func<Customer, bool>? Edge = null);

    private static readonly string[] TextOperators =
        ["=", "!=", "in", "notIn", "contains", "doesNotContain", "beginsWith", "doesNotBeginWith", "endsWith", "doesNotEndWith", "null", "notNull"];
    private static readonly string[] NumberOperators = ["=", "!=", "<", "<=", ">", ">=", "between", "notBetween"];
    private static readonly string[] DateOperators =
        ["=", "!=", "<", "<=", ">", ">=", "between", "notBetween", "inLastDays", "notInLastDays", "inNextDays", "null", "notNull"];

    private IReadOnlyList<Field> Fields => _fields ??= BuildFields();
    private IReadOnlyList<Field>? _fields;

    private List<Field> BuildFields()
    {
        List<Field> fields =
        [
            new("firstName", Kind.Text, Sample: c => c.FirstName),
            new("lastName", Kind.Text, Sample: c => c.LastName),
            new("email", Kind.Text, Sample: c => c.Email),
            new("externalId", Kind.Text, Sample: c => c.ExternalId),
            new("maritalStatus", Kind.Text, Sample: c => c.MaritalStatus),
            new("occupation", Kind.Text, Sample: c => c.Occupation),
            new("education", Kind.Text, Sample: c => c.Education),
            new("country", Kind.Text, Sample: c => c.Country),
            new("region", Kind.Text, Sample: c => c.Region),
            new("city", Kind.Text, Sample: c => c.City),
            new("postalCode", Kind.Text, Sample: c => c.PostalCode),
            new("device", Kind.Text, Sample: c => c.Device),
            new("preferredChannel", Kind.Text, Sample: c => c.PreferredChannel),
            new("acquisitionSource", Kind.Text, Sample: c => c.AcquisitionSource),
            new("gender", Kind.Choice, Nullable: false, Sample: c => c.Gender.ToString()),
            new("age", Kind.Number, Sample: c => Age(c.BirthDate), Edge: BirthdayNearToday),
            new("birthDate", Kind.Date, Sample: c => c.BirthDate?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Edge: BirthdayNearToday),
            new("income", Kind.Number, Sample: c => c.Income),
            new("emailOptIn", Kind.Boolean, Nullable: false),
            new("lastSeenAt", Kind.Date, Sample: c => c.LastSeenAt),
            new("interests", Kind.Tags),
            new("ordersCount", Kind.Number, Nullable: false, Windowable: true, Sample: c => (decimal)c.OrdersCount),
            new("totalSpent", Kind.Number, Nullable: false, Windowable: true, Sample: c => c.TotalSpent),
            new("averageOrderValue", Kind.Number, Nullable: false, Sample: c => c.AverageOrderValue),
            new("daysSinceLastOrder", Kind.Number, Sample: c => c.LastOrderAt is { } l ? (decimal)(store.NowUtc.Date - l.Date).Days : null),
            new("firstOrderAt", Kind.Date, Sample: c => c.FirstOrderAt),
            new("lastOrderAt", Kind.Date, Sample: c => c.LastOrderAt),
            new("purchasedCategory", Kind.List, Windowable: true),
            new("purchasedProduct", Kind.List, Windowable: true),
            new("favoriteLowStock", Kind.Boolean, Nullable: false),
            new("signedUpAt", Kind.Date, Nullable: false, Sample: c => c.SignedUpAt),
            new("rfmSegment", Kind.Choice, Sample: c => c.RfmSegment),
            new("rfmRecency", Kind.Number, Sample: c => (decimal?)c.RfmRecency),
            new("rfmFrequency", Kind.Number, Sample: c => (decimal?)c.RfmFrequency),
            new("rfmMonetary", Kind.Number, Sample: c => (decimal?)c.RfmMonetary),
            new("historicalClv", Kind.Number, Nullable: false, Sample: c => c.TotalSpent),
            new("predictedClv", Kind.Number, Nullable: false, Sample: c => c.PredictedClv),
            new("lifecycleStage", Kind.Choice, Nullable: false),
            new("attr.loyaltyPoints", Kind.Number, Sample: c => Attribute(c, "loyaltyPoints")),
            new("attr.preferredStore", Kind.Text, Sample: c => Attribute(c, "preferredStore")),
            new("attr.smsOptIn", Kind.Boolean),
            new("attr.memberSince", Kind.Date, Sample: c => Attribute(c, "memberSince")),
        ];
        if (segmentKeys is { Count: > 0 }) fields.Add(new("segment", Kind.Segment, Nullable: false));
        return fields;
    }

    /// <summary>A random tree whose root is a group.</summary>
    public RuleGroup Next() => Group(level: 1);

    private RuleGroup Group(int level)
    {
        var group = new RuleGroup
        {
            Combinator = rng.Next(2) == 0 ? Combinators.And : Combinators.Or,
            Not = rng.Next(4) == 0,
        };
        // Now and then an empty group: it matches everyone (no one under NOT).
        var children = rng.Next(20) == 0 ? 0 : rng.Next(1, 6);
        for (var i = 0; i < children; i++)
            group.Rules.Add(level < MaxDepth && rng.Next(4) == 0 ? Group(level + 1) : Rule());
        return group;
    }

    /// <summary>One random rule over a random field.</summary>
    public Rule Rule()
    {
        var field = Fields[rng.Next(Fields.Count)];
        var rule = new Rule { Field = field.Key };
        if (field.Windowable && rng.Next(2) == 0) rule.Window = new RuleWindow(Pick(RandomStore.WindowDays));
        switch (field.Kind)
        {
            case Kind.Text: Text(rule, field); break;
            case Kind.Choice:
                rule.Operator = Pick(field.Nullable ? new[] { "=", "!=", "in", "notIn", "null", "notNull" } : new[] { "=", "!=", "in", "notIn" });
                if (rule.Operator is "null" or "notNull") break;
                var choices = Choices(field.Key);
                rule.With(rule.Operator is "in" or "notIn" ? ListValue(Some(choices, 1, 3)) : Pick(choices));
                break;
            case Kind.Number: Number(rule, field); break;
            case Kind.Date: Date(rule, field); break;
            case Kind.Boolean:
                rule.Operator = field.Nullable && rng.Next(4) == 0 ? Pick(new[] { "null", "notNull" }) : "=";
                if (rule.Operator == "=") rule.With(rng.Next(5) == 0 ? (object)(rng.Next(2) == 0 ? "true" : "false") : rng.Next(2) == 0);
                break;
            case Kind.Tags:
                rule.Operator = Pick(new[] { "containsAny", "containsAll", "containsNone" });
                rule.With(ListValue(Some(RandomStore.Tags, 1, 3)));
                break;
            case Kind.List:
                rule.Operator = Pick(new[] { "in", "notIn" });
                var names = field.Key == "purchasedCategory"
                    ? RandomStore.Categories.OfType<string>().ToList()
                    : store.Products.Select(p => p.Sku).ToList();
                rule.With(ListValue(Some(names, 1, 3).Select(CaseVariant).ToList()));
                break;
            case Kind.Segment:
                rule.Operator = Pick(new[] { "in", "notIn" });
                rule.With(Pick(segmentKeys!));
                break;
        }
        return rule;
    }

    private void Text(Rule rule, Field field)
    {
        var ops = field.Nullable ? TextOperators : TextOperators[..^2];
        rule.Operator = Pick(ops);
        if (rule.Operator is "null" or "notNull") return;
        var samples = Samples(field).OfType<string>().ToList();
        if (samples.Count == 0) samples = ["x"];
        string Sample() => CaseVariant(Pick(samples));
        switch (rule.Operator)
        {
            case "=" or "!=":
                rule.With(rng.Next(8) == 0 ? "No such value" : Sample());
                break;
            case "in" or "notIn":
                rule.With(ListValue(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Sample()).Distinct().ToList()));
                break;
            default:
                rule.With(Part(Sample(), rule.Operator));
                break;
        }
    }

    /// <summary>A piece of the text for contains/beginsWith/endsWith; sometimes a lone % or _, which must be literal.</summary>
    private string Part(string text, string op)
    {
        if (rng.Next(8) == 0) return Pick(new[] { "%", "_", "%_", "a%" });
        var length = rng.Next(1, Math.Min(text.Length, 6) + 1);
        if (op.Contains("egin", StringComparison.Ordinal)) return text[..length];
        if (op.Contains("nd", StringComparison.Ordinal)) return text[^length..];
        var start = rng.Next(text.Length - length + 1);
        return text.Substring(start, length);
    }

    private void Number(Rule rule, Field field)
    {
        var ops = field.Nullable ? NumberOperators.Concat(["null", "notNull"]).ToArray() : NumberOperators;
        rule.Operator = Pick(ops);
        if (rule.Operator is "null" or "notNull") return;
        // Two decimals at most: stored doubles read back as decimals lose digits, and a threshold taken from
        // those digits would sit between the stored value and its rounding.
        var samples = Samples(field).Select(v => (decimal?)v).OfType<decimal>().Select(v => Math.Round(v, 2)).ToList();
        if (rule.Window is not null) samples.AddRange([0m, 1m, 2m, 50m, 100m]);
        if (samples.Count == 0) samples = [0m];
        decimal Sample() => rng.Next(5) switch
        {
            0 => Pick(samples) + 1,
            1 => Pick(samples) - 1,
            _ => Pick(samples),
        };
        if (rule.Operator is "between" or "notBetween")
        {
            var (a, b) = (Sample(), Sample());
            rule.With(RangeValue(Number(Math.Min(a, b)), Number(Math.Max(a, b)), numbers: true));
        }
        else
        {
            var value = Sample();
            rule.With(rng.Next(5) == 0 ? Number(value) : value);
        }
    }

    private void Date(Rule rule, Field field)
    {
        var ops = field.Nullable ? DateOperators : DateOperators[..^2];
        rule.Operator = Pick(ops);
        switch (rule.Operator)
        {
            case "null" or "notNull":
                return;
            case "inLastDays" or "notInLastDays":
                var days = Pick(RandomStore.WindowDays.Concat([2, 3, 10, 1000]).ToArray());
                rule.With(rng.Next(5) == 0 ? days.ToString(CultureInfo.InvariantCulture) : days);
                return;
            case "inNextDays":
                rule.With(Pick(new[] { 0, 1, 2, 6, 7, 30, 100, 365, 366 }));
                return;
        }
        var samples = Samples(field).Select(v => v switch
        {
            DateTime d => (DateTime?)d,
            string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => null,
        }).OfType<DateTime>().ToList();
        samples.Add(store.NowUtc);
        // Day-only fields compare whole days; the others also take instants, exact ones from the data.
        var instants = field.Key is not ("birthDate" or "attr.memberSince") && rng.Next(3) == 0;
        string Sample()
        {
            var at = DateTime.SpecifyKind(Pick(samples), DateTimeKind.Utc).AddDays(rng.Next(4) == 0 ? rng.Next(-1, 2) : 0);
            if (!instants) return at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return rng.Next(4) == 0
                ? new DateTimeOffset(at).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";
        }
        if (rule.Operator is "between" or "notBetween")
        {
            var pair = new[] { Sample(), Sample() }.OrderBy(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)).ToArray();
            rule.With(RangeValue(pair[0], pair[1], numbers: false));
        }
        else rule.With(Sample());
    }

    // ---- helpers

    private static IReadOnlyList<string> Choices(string field) => field switch
    {
        "gender" => Enum.GetNames<Gender>(),
        "rfmSegment" => RfmSegments.Names,
        "lifecycleStage" => LifecycleStages.Names,
        _ => throw new NotSupportedException(field),
    };

    private IEnumerable<object?> Samples(Field field)
    {
        if (field.Sample is null) return [];
        var customers = field.Edge is { } edge && rng.Next(2) == 0 && store.Customers.Any(edge)
            ? store.Customers.Where(edge)
            : store.Customers;
        return customers.Select(field.Sample).Where(v => v is not null).ToList();
    }

    /// <summary>Born on 28/29 February, 1 March, or around today's month and day: where age and anniversaries turn.</summary>
    private bool BirthdayNearToday(Customer c)
    {
        if (c.BirthDate is not { } b) return false;
        var today = DateOnly.FromDateTime(store.NowUtc);
        return (b.Month, b.Day) is (2, 28) or (2, 29) or (3, 1)
            || Enumerable.Range(-1, 3).Select(today.AddDays).Any(d => d.Month == b.Month && d.Day == b.Day);
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private object RangeValue(string low, string high, bool numbers) => rng.Next(4) switch
    {
        0 => $"{low},{high}",
        _ when numbers && rng.Next(2) == 0 => new[] { decimal.Parse(low, CultureInfo.InvariantCulture), decimal.Parse(high, CultureInfo.InvariantCulture) },
        _ => new[] { low, high },
    };

    /// <summary>An array, or now and then comma-separated text (only when no item holds a comma).</summary>
    private object ListValue(IReadOnlyList<string> items) =>
        rng.Next(4) == 0 && items.All(i => !i.Contains(',', StringComparison.Ordinal)) ? string.Join(",", items) : items.ToArray();

    /// <summary>The text with its ASCII letters' case changed at random (non-ASCII letters kept).</summary>
    private string CaseVariant(string text) => rng.Next(3) switch
    {
        0 => text,
        1 => new string(text.Select(ch => ch is >= 'a' and <= 'z' ? (char)(ch - 32) : ch).ToArray()),
        _ => new string(text.Select(ch => ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch).ToArray()),
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private List<T> Some<T>(IReadOnlyList<T> items, int min, int max) =>
        items.OrderBy(_ => rng.Next()).Take(rng.Next(min, max + 1)).ToList();

    private decimal? Age(DateOnly? birth)
    {
        if (birth is not { } b) return null;
        var today = DateOnly.FromDateTime(store.NowUtc);
        var age = today.Year - b.Year;
        return today < b.AddYears(age) ? age - 1 : age;
    }

    private static object? Attribute(Customer c, string name) =>
        CustomAttributes.Parse(c.Attributes).TryGetValue(name, out var v) ? v.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Number => v.GetDecimal(),
            System.Text.Json.JsonValueKind.String => v.GetString(),
            _ => null,
        } : null;
}
