using System.Linq.Expressions;
using Cdp.Core.Customers;
using Cdp.Core.Orders;
using Cdp.Core.Segments.Compilation;
using static Cdp.Core.Segments.Fields.FieldCategory;
using static Cdp.Core.Segments.Fields.SegmentFieldType;

namespace Cdp.Core.Segments.Fields;

/// <summary>The fields every customer has (docs/segments.md, "Fields").</summary>
internal static class BuiltInFields
{
    public const string SegmentKey = "segment";

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        Text("firstName", "First name", Demographic, c => c.FirstName, TextCase.Collate),
        Text("lastName", "Last name", Demographic, c => c.LastName, TextCase.Collate),
        Text("email", "E-mail", Demographic, c => c.Email, TextCase.Column),
        Text("externalId", "Customer ID", Demographic, c => c.ExternalId, TextCase.Collate),
        Entry("gender", "Gender", Demographic, Choice, "Female, Male, Other or Unknown.",
            new ChoiceTranslator(c => c.Member(x => x.Gender), Enum.GetNames<Gender>(), choice => Enum.Parse<Gender>(choice)),
            nullable: false, choices: Enum.GetNames<Gender>()),
        Entry("age", "Age", Demographic, Number, "Whole years today, from the birth date.",
            new ElapsedTranslator(c => c.Member(x => x.BirthDate), (c, k) => ElapsedTranslator.AgeBound(c.Today, k),
                (c, birth) => CustomerAge.InYears((DateOnly)birth, c.Today)), whole: true),
        Entry("birthDate", "Birth date", Demographic, Date, "Use \"in the next days\" for upcoming birthdays.",
            new DateTranslator(c => c.Member(x => x.BirthDate))),
        Entry("income", "Income", Demographic, Number, "Yearly income.", new NumberTranslator(c => c.Member(x => x.Income), whole: false)),
        Text("maritalStatus", "Marital status", Demographic, c => c.MaritalStatus, TextCase.Collate),
        Text("occupation", "Occupation", Demographic, c => c.Occupation, TextCase.Collate),
        Text("education", "Education", Demographic, c => c.Education, TextCase.Collate),

        Text("country", "Country", Geographic, c => c.Country, TextCase.Upper, "ISO 3166 code, e.g. DE."),
        Text("region", "Region", Geographic, c => c.Region, TextCase.Collate),
        Text("city", "City", Geographic, c => c.City, TextCase.Column),
        Text("postalCode", "Postal code", Geographic, c => c.PostalCode, TextCase.Collate),

        Text("device", "Device", Technographic, c => c.Device, TextCase.Collate),
        Text("preferredChannel", "Preferred channel", Technographic, c => c.PreferredChannel, TextCase.Collate),
        Text("acquisitionSource", "Acquisition source", Technographic, c => c.AcquisitionSource, TextCase.Collate),
        Entry("emailOptIn", "E-mail opt-in", Technographic, SegmentFieldType.Boolean, "Agreed to receive marketing e-mail.",
            new BooleanTranslator(c => c.Member(x => x.EmailOptIn)), nullable: false),
        Entry("lastSeenAt", "Last seen", Technographic, Date, "Last visit to the shop or site.",
            new DateTranslator(c => c.Member(x => x.LastSeenAt))),

        Entry("interests", "Interests", Psychographic, Tags, "Interest tags, e.g. golf, hiking.", new TagsTranslator(), nullable: false),

        Entry("ordersCount", "Number of orders", Behavioural, Number, "Orders placed; with a window, orders in it.",
            new OrderMetricTranslator<int>(c => c.OrdersCount, orders => orders.Count(), isCount: true),
            nullable: false, whole: true, windowable: true),
        Entry("totalSpent", "Amount spent", Behavioural, Number, "Net of returns; with a window, spent in it.",
            new OrderMetricTranslator<decimal>(c => c.TotalSpent, orders => orders.Sum(o => o.Total), isCount: false),
            nullable: false, windowable: true),
        Entry("averageOrderValue", "Average order value", Behavioural, Number, "Amount spent divided by orders.",
            new NumberTranslator(c => c.Member(x => x.AverageOrderValue), whole: false), nullable: false),
        Entry("firstOrderAt", "First order", Behavioural, Date, "Date of the first order.", new DateTranslator(c => c.Member(x => x.FirstOrderAt))),
        Entry("lastOrderAt", "Last order", Behavioural, Date, "Date of the latest order.", new DateTranslator(c => c.Member(x => x.LastOrderAt))),
        Entry("daysSinceLastOrder", "Days since last order", Behavioural, Number, "Whole days since the latest order.",
            new ElapsedTranslator(c => c.Member(x => x.LastOrderAt), ElapsedTranslator.DaysSinceBound,
                (c, last) => c.Today.DayNumber - DateOnly.FromDateTime((DateTime)last).DayNumber), whole: true),
        Entry("purchasedCategory", "Purchased category", Behavioural, List, "Bought anything in these categories.",
            new PurchasedTranslator(p => p.Category), nullable: false, windowable: true),
        Entry("purchasedProduct", "Purchased product", Behavioural, List, "Bought any of these products (SKUs).",
            new PurchasedTranslator(p => p.Sku), nullable: false, windowable: true),
        Entry("favoriteLowStock", "Favourite running low", Behavioural, SegmentFieldType.Boolean, "Has a favourite with 5 or fewer in stock.",
            new FavoriteLowStockTranslator(), nullable: false),

        Entry("historicalClv", "Historical CLV", Value, Number, "Net amount spent to date.",
            new NumberTranslator(c => c.Member(x => x.TotalSpent), whole: false), nullable: false),

        Entry("signedUpAt", "Signed up", Lifecycle, Date, "When the customer signed up.", new DateTranslator(c => c.Member(x => x.SignedUpAt)),
            nullable: false),
        Entry(SegmentKey, "Segment", Lifecycle, Segment, "Customers in (or not in) a saved segment.", new SegmentReferenceTranslator(),
            nullable: false),
    ];

    internal static CatalogEntry Text(string key, string label, FieldCategory category, Expression<Func<Customer, string?>> member,
        TextCase textCase, string? description = null) =>
        Entry(key, label, category, SegmentFieldType.Text, description ?? $"{label} as imported.",
            new TextTranslator(c => c.Member(member), textCase));

    internal static CatalogEntry Entry(string key, string label, FieldCategory category, SegmentFieldType type, string description,
        FieldTranslator translator, bool nullable = true, bool whole = false, bool windowable = false, IReadOnlyList<string>? choices = null) =>
        new(new SegmentField(key, label, category, type, Operators.For(type, nullable), description, windowable, whole, choices), translator);
}
