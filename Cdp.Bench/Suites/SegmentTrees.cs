using System.Globalization;

namespace Cdp.Bench.Suites;

/// <summary>
/// A reference segment: its rule tree as a marketer would save it, and the SQL an engineer would write by hand for the
/// same audience (not derived from the engine's SQL). Both must count the same customers.
/// </summary>
internal sealed record SegmentTree(string Name, string Covers, string Json, string Sql);

/// <summary>
/// The segments suite's reference trees. The SQL follows the contract in docs/segments.md: missing values never match
/// a positive condition, a negated group is the exact complement (hence <c>IS NOT TRUE</c>), windows run from the start
/// of the day N days before the as-of date up to the as-of moment, and lines with a negative quantity (returns) are not
/// purchases.
/// </summary>
internal static class SegmentTrees
{
    /// <summary>Key of the saved segment the reference tree points at (created by the suite through SegmentStore).</summary>
    public const string ReferencedKey = "golf-regulars";

    public const string ReferencedName = "Golf regulars";

    /// <summary>Golf fans with at least three orders.</summary>
    public const string ReferencedJson = """
        {"combinator":"and","rules":[
          {"field":"interests","operator":"containsAny","value":["golf"]},
          {"field":"ordersCount","operator":">=","value":3}]}
        """;

    public static readonly IReadOnlyList<SegmentTree> All =
    [
        new("demographic", "gender and age band",
            """
            {"combinator":"and","rules":[
              {"field":"gender","operator":"=","value":"Female"},
              {"field":"age","operator":"between","value":[25,34]}]}
            """,
            """
            SELECT COUNT(*) FROM Customers
            WHERE Gender = 'Female'
              AND BirthDate > date($today, '-35 years') AND BirthDate <= date($today, '-25 years')
            """),

        new("geo-in", "country IN list",
            """
            {"combinator":"and","rules":[
              {"field":"country","operator":"in","value":["DE","FR","ES","CH","AT"]}]}
            """,
            // Countries are stored as upper-case ISO codes, so a plain IN can use the Country index.
            """
            SELECT COUNT(*) FROM Customers WHERE Country IN ('DE', 'FR', 'ES', 'CH', 'AT')
            """),

        new("recency", "last order in the last 90 days",
            """
            {"combinator":"and","rules":[
              {"field":"lastOrderAt","operator":"inLastDays","value":90}]}
            """,
            """
            SELECT COUNT(*) FROM Customers WHERE LastOrderAt >= $since90 AND LastOrderAt <= $now
            """),

        new("orders-window", "3+ orders and 300+ spent in the last 365 days",
            """
            {"combinator":"and","rules":[
              {"field":"ordersCount","operator":">=","value":3,"window":{"days":365}},
              {"field":"totalSpent","operator":">=","value":300,"window":{"days":365}}]}
            """,
            // Left to itself SQLite reads a year of orders from the OrderedAt index and sorts them by customer in a temporary
            // B-tree; reading them already grouped from the (CustomerId, OrderedAt, Total) index is about twice as fast at a
            // million customers.
            """
            SELECT COUNT(*) FROM (
              SELECT CustomerId FROM Orders INDEXED BY IX_Orders_CustomerId_OrderedAt_Total
              WHERE OrderedAt >= $since365 AND OrderedAt <= $now
              GROUP BY CustomerId
              HAVING COUNT(*) >= 3 AND SUM(Total) >= 300)
            """),

        new("category", "bought Climbing or Water Sports in the last 180 days",
            """
            {"combinator":"and","rules":[
              {"field":"purchasedCategory","operator":"in","value":["Climbing","Water Sports"],"window":{"days":180}}]}
            """,
            """
            SELECT COUNT(DISTINCT o.CustomerId)
            FROM Orders o
            JOIN OrderLines l ON l.OrderId = o.Id
            JOIN Products p ON p.Id = l.ProductId
            WHERE o.OrderedAt >= $since180 AND o.OrderedAt <= $now
              AND l.Quantity > 0
              AND p.Category IN ('Climbing', 'Water Sports')
            """),

        new("tags", "interests contain any of two tags and not a third",
            """
            {"combinator":"and","rules":[
              {"field":"interests","operator":"containsAny","value":["climbing","kayaking"]},
              {"field":"interests","operator":"containsNone","value":["deals"]}]}
            """,
            // Interests are stored as a JSON array of lower-case tags.
            """
            SELECT COUNT(*) FROM Customers c
            WHERE EXISTS (SELECT 1 FROM json_each(c.Interests) WHERE value IN ('climbing', 'kayaking'))
              AND NOT EXISTS (SELECT 1 FROM json_each(c.Interests) WHERE value = 'deals')
            """),

        new("custom-attribute", "number and boolean custom attributes",
            """
            {"combinator":"and","rules":[
              {"field":"attr.loyaltyPoints","operator":">=","value":500},
              {"field":"attr.smsOptIn","operator":"=","value":true}]}
            """,
            // json_extract gives a JSON true as the integer 1.
            """
            SELECT COUNT(*) FROM Customers
            WHERE json_extract(Attributes, '$.loyaltyPoints') >= 500
              AND json_extract(Attributes, '$.smsOptIn') = 1
            """),

        new("nested", "three levels of AND/OR/NOT over profile fields and an attribute",
            """
            {"combinator":"and","rules":[
              {"field":"emailOptIn","operator":"=","value":true},
              {"combinator":"or","rules":[
                {"field":"city","operator":"in","value":["München","Paris","London","Madrid"]},
                {"combinator":"and","not":true,"rules":[
                  {"field":"income","operator":"<","value":60000},
                  {"field":"device","operator":"=","value":"mobile"}]}]},
              {"combinator":"or","not":true,"rules":[
                {"field":"preferredChannel","operator":"=","value":"sms"},
                {"field":"attr.preferredStore","operator":"contains","value":"outlet"}]}]}
            """,
            // IS NOT TRUE makes NOT the exact complement: a missing income leaves "income < 60000" unknown, not false.
            """
            SELECT COUNT(*) FROM Customers
            WHERE EmailOptIn = 1
              AND (City IN ('München', 'Paris', 'London', 'Madrid')
                   OR (Income < 60000 AND Device = 'mobile' COLLATE NOCASE) IS NOT TRUE)
              AND (PreferredChannel = 'sms' COLLATE NOCASE
                   OR json_extract(Attributes, '$.preferredStore') LIKE '%outlet%') IS NOT TRUE
            """),

        new("segment-ref", "in a saved segment and no order for 180 days",
            $$"""
            {"combinator":"and","rules":[
              {"field":"segment","operator":"in","value":"{{ReferencedKey}}"},
              {"field":"lastOrderAt","operator":"notInLastDays","value":180}]}
            """,
            // The referenced segment's own rules, inlined: golf fans with at least three orders.
            """
            SELECT COUNT(*) FROM Customers c
            WHERE c.OrdersCount >= 3
              AND EXISTS (SELECT 1 FROM json_each(c.Interests) WHERE value = 'golf')
              AND c.LastOrderAt < $since180
            """),

        new("no-recent-order", "signed up over a year ago and no order in the last 90 days (never-buyers included)",
            """
            {"combinator":"and","rules":[
              {"field":"signedUpAt","operator":"notInLastDays","value":365},
              {"field":"ordersCount","operator":"=","value":0,"window":{"days":90}}]}
            """,
            """
            SELECT COUNT(*) FROM Customers c
            WHERE c.SignedUpAt < $since365
              AND NOT EXISTS (SELECT 1 FROM Orders o
                              WHERE o.CustomerId = c.Id AND o.OrderedAt >= $since90 AND o.OrderedAt <= $now)
            """),

        new("birthday", "birthday in the next 30 days, opted in to e-mail",
            """
            {"combinator":"and","rules":[
              {"field":"birthDate","operator":"inNextDays","value":30},
              {"field":"emailOptIn","operator":"=","value":true}]}
            """,
            // Birth dates are stored as yyyy-MM-dd; the window does not cross the new year at the suite's as-of date.
            """
            SELECT COUNT(*) FROM Customers
            WHERE substr(BirthDate, 6) BETWEEN $birthdayFrom AND $birthdayTo
              AND EmailOptIn = 1
            """),

        new("rfm", "RFM segment Champions",
            """
            {"combinator":"and","rules":[
              {"field":"rfmSegment","operator":"=","value":"Champions"}]}
            """,
            """
            SELECT COUNT(*) FROM Customers WHERE RfmSegment = 'Champions'
            """),

        new("at-risk-or-champions", "high spenders idle for six months, or Champions (docs example)",
            """
            {"combinator":"or","rules":[
              {"combinator":"and","rules":[
                {"field":"totalSpent","operator":">=","value":1000},
                {"field":"daysSinceLastOrder","operator":">","value":180}]},
              {"field":"rfmSegment","operator":"=","value":"Champions"}]}
            """,
            """
            SELECT COUNT(*) FROM Customers
            WHERE (TotalSpent >= 1000 AND LastOrderAt < $since180)
               OR RfmSegment = 'Champions'
            """),
    ];

    /// <summary>The values the hand-written SQL refers to, all derived from the as-of moment as docs/segments.md says.</summary>
    public static IReadOnlyDictionary<string, object> Parameters(DateTime asOfUtc)
    {
        var today = asOfUtc.Date;
        var birthdayTo = today.AddDays(30);
        if (birthdayTo.Year != today.Year)
            throw new InvalidOperationException("The birthday query assumes its window stays within one year.");
        return new Dictionary<string, object>
        {
            ["$now"] = Stamp(asOfUtc),
            ["$today"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["$since90"] = Stamp(today.AddDays(-90)),
            ["$since180"] = Stamp(today.AddDays(-180)),
            ["$since365"] = Stamp(today.AddDays(-365)),
            ["$birthdayFrom"] = today.ToString("MM-dd", CultureInfo.InvariantCulture),
            ["$birthdayTo"] = birthdayTo.ToString("MM-dd", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A moment as EF Core stores it in SQLite, so that text comparison is time comparison.</summary>
    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
