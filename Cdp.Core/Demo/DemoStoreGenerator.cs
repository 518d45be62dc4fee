using System.Globalization;
using System.Text;
using Bogus;
using Cdp.Core.Customers;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Orders;
using Cdp.Core.Products;

namespace Cdp.Core.Demo;

/// <summary>
/// Generates a believable outdoor-and-golf store, deterministically: the same seed, size and clock give the
/// same customers, orders and favourites. Behaviour is skewed as real shops are: some never buy, many buy
/// once, a few spend a lot; a share has lapsed; sales peak in spring and at Christmas.
/// </summary>
internal sealed class DemoStoreGenerator
{
    private const int HistoryDays = 3 * 365;

    private static readonly (string Category, double Weight)[] PrimaryCategories =
    [
        ("Golf", 30), ("Hiking", 18), ("Camping", 14), ("Running", 10), ("Cycling", 9), ("Climbing", 7),
        ("Water Sports", 6), ("Apparel", 6),
    ];

    private static readonly string[] OtherInterests =
        ["fitness", "photography", "travel", "sustainability", "family", "luxury", "deals", "outdoor cooking"];

    private static readonly double[] MonthWeights = [0.7, 0.7, 0.9, 1.2, 1.3, 1.2, 1.1, 1.0, 0.9, 0.9, 1.3, 1.5];

    private static readonly (DemoGeography.Country, double)[] CountryWeights =
        DemoGeography.Countries.Select(c => (c, c.Weight)).ToArray();

    private enum Buyer { Never, Once, Occasional, Regular, Vip }

    private static readonly (Buyer Kind, double Weight)[] BuyerMix =
        [(Buyer.Never, 12), (Buyer.Once, 45), (Buyer.Occasional, 28), (Buyer.Regular, 12), (Buyer.Vip, 3)];

    private readonly DemoRandom _random;
    private readonly DateTime _now;
    private readonly Dictionary<string, Faker> _fakers;
    private readonly Dictionary<(string Category, string? Level), (Product, double)[]> _productsByShelf;
    private int _nextOrderId = 1;
    private int _nextLineId = 1;

    /// <summary>The start of the day the store is anchored to (UTC): its "now".</summary>
    public DateTime Today => _now;

    public DemoStoreGenerator(int seed, DateTime nowUtc)
    {
        _random = new DemoRandom(seed);
        // Anchored to the start of the day, so a store seeded twice on one day is the same store.
        _now = DateTime.SpecifyKind(nowUtc.Date, DateTimeKind.Utc);
        _fakers = DemoGeography.Countries.Select((c, i) => (c.Code, Faker: new Faker(c.BogusLocale) { Random = new Randomizer(seed + 7919 * (i + 1)) }))
            .ToDictionary(x => x.Code, x => x.Faker);
        Products = DemoCatalog.Build(new Random(seed));
        // Jeff's wish-list item runs low, for the "favourites running low" demo.
        Products.Single(p => p.Sku == JeffFavoriteSku).Stock = 3;
        // Cheap items sell more often than expensive ones.
        _productsByShelf = Products.GroupBy(p => (p.Category!, p.Level))
            .ToDictionary(g => g.Key, g => g.Select(p => (p, 1 / (double)p.Price)).ToArray());
    }

    public const string JeffEmail = "jeff.miller@example.com";
    private const string JeffFavoriteSku = "GIRN-I01";

    public List<Product> Products { get; }

    /// <summary>Customers with ids 1..count, each with orders (and lines) and favourites attached.</summary>
    public IEnumerable<Customer> Customers(int count)
    {
        for (var id = 1; id <= count; id++)
            yield return id == 1 ? Jeff() : Customer(id);
    }

    private Customer Customer(int id)
    {
        var country = _random.Weighted(CountryWeights);
        var city = _random.Pick(country.Cities);
        var gender = _random.Weighted<Gender>([(Gender.Female, 48), (Gender.Male, 47), (Gender.Other, 2), (Gender.Unknown, 3)]);
        var firstName = gender switch
        {
            Gender.Female => _random.Pick(country.FemaleNames),
            Gender.Male => _random.Pick(country.MaleNames),
            _ => _random.Pick(_random.Chance(0.5) ? country.FemaleNames : country.MaleNames),
        };
        var lastName = _fakers[country.Code].Name.LastName();
        var primary = _random.Weighted(PrimaryCategories);
        var level = _random.Weighted<string>([("beginner", 50), ("intermediate", 35), ("pro", 15)]);
        var buyer = _random.Weighted(BuyerMix);
        var signedUpAt = _now.AddDays(-HistoryDays * (1 - Math.Sqrt(_random.Next()))).AddMinutes(-_random.Between(0, 1439));
        var age = 18 + (int)(62 * (_random.Next() + _random.Next()) / 2);

        var customer = new Customer
        {
            Id = id,
            ExternalId = $"C{id:D7}",
            Email = $"{Ascii(firstName)}.{Ascii(lastName)}{id}@{_random.Pick(EmailDomains)}",
            FirstName = firstName,
            LastName = lastName,
            Gender = gender,
            BirthDate = DateOnly.FromDateTime(_now).AddYears(-age).AddDays(-_random.Between(0, 364)),
            Income = _random.Chance(0.07) ? null : Math.Round(country.MedianIncome * (decimal)Math.Exp(0.45 * _random.Gaussian()) / 100m) * 100m,
            MaritalStatus = _random.Chance(0.05) ? null : _random.Weighted<string>([("single", 35), ("married", 45), ("divorced", 12), ("widowed", 3)]),
            Occupation = _random.Pick(Occupations),
            Education = _random.Weighted<string>([("high school", 25), ("vocational", 18), ("bachelor", 35), ("master", 18), ("doctorate", 4)]),
            Country = country.Code,
            Region = city.Region,
            City = city.Name,
            PostalCode = PostalCode(country.PostalFormat, city.PostalPrefix),
            Device = _random.Weighted<string>([("mobile", 52), ("desktop", 34), ("tablet", 14)]),
            PreferredChannel = _random.Weighted<string>([("email", 55), ("sms", 15), ("push", 12), ("web", 18)]),
            AcquisitionSource = _random.Weighted<string>([("organic search", 30), ("paid social", 20), ("referral", 12), ("email", 8), ("direct", 18), ("affiliate", 7), ("in-store", 5)]),
            Interests = Interests(primary),
            EmailOptIn = _random.Chance(0.72),
            SignedUpAt = signedUpAt,
        };

        var churned = buyer != Buyer.Never && _random.Chance(0.3) && (_now - signedUpAt).TotalDays > 120;
        var activeUntil = churned ? signedUpAt.AddDays(((_now - signedUpAt).TotalDays - 90) * _random.Next()) : _now;
        AddOrders(customer, buyer, primary, level, activeUntil);
        AddFavorites(customer, primary, level);
        ApplyMetrics(customer);
        var lastActivity = customer.LastOrderAt ?? signedUpAt;
        customer.LastSeenAt = Min(_now, lastActivity.AddDays(_random.Between(0, 45)).AddMinutes(_random.Between(0, 1439)));
        customer.Attributes = Attributes(customer, city);
        customer.UpdatedAt = customer.LastSeenAt ?? signedUpAt;
        return customer;
    }

    private void AddOrders(Customer customer, Buyer buyer, string primary, string level, DateTime activeUntil)
    {
        var count = buyer switch
        {
            Buyer.Never => 0,
            Buyer.Once => 1,
            Buyer.Occasional => _random.Between(2, 6),
            Buyer.Regular => _random.Between(6, 14),
            _ => _random.Between(12, 40),
        };
        // A customer who signed up last week has not placed twenty orders yet.
        var activeDays = Math.Max(0, (activeUntil - customer.SignedUpAt).TotalDays);
        count = Math.Min(count, 1 + (int)(activeDays / 14));
        var dates = new List<DateTime>(count);
        for (var i = 0; i < count; i++)
            dates.Add(i == 0 ? customer.SignedUpAt.AddDays(_random.Next() * Math.Min(14, activeDays)) : SeasonalDate(customer.SignedUpAt, activeUntil));
        dates.Sort();

        for (var i = 0; i < dates.Count; i++)
        {
            // Customers progress: later orders sometimes move up a level.
            var orderLevel = buyer == Buyer.Vip ? "pro" : i > 0 && _random.Chance(0.25) ? NextLevel(level) : level;
            var order = NewOrder(customer, dates[i], _random.Weighted<string>([("web", 60), ("app", 25), ("store", 15)]));
            var lines = _random.Weighted<int>([(1, 66), (2, 22), (3, 8), (4, 3), (5, 1)]) + (buyer == Buyer.Vip ? 1 : 0);
            for (var l = 0; l < lines; l++)
            {
                var category = _random.Chance(0.75) ? primary : _random.Weighted(PrimaryCategories);
                var product = PickProduct(category, orderLevel);
                var discounted = _random.Chance(0.15);
                AddLine(order, product, product.Level is null ? _random.Weighted<int>([(1, 70), (2, 20), (3, 10)]) : 1,
                    discounted ? Math.Round(product.Price * (decimal)(0.7 + 0.2 * _random.Next()), 2) : product.Price);
            }
            if (_random.Chance(0.04)) AddLine(order, order.Lines[0].Product!, -1, order.Lines[0].UnitPrice);
            order.Total = order.Lines.Sum(l => l.Amount);
        }
    }

    private void AddFavorites(Customer customer, string primary, string level)
    {
        if (!_random.Chance(0.35)) return;
        var wanted = _random.Between(1, 5);
        for (var i = 0; i < wanted; i++)
        {
            var product = PickProduct(_random.Chance(0.8) ? primary : _random.Weighted(PrimaryCategories), _random.Chance(0.5) ? NextLevel(level) : level);
            if (customer.Favorites.Any(f => f.ProductId == product.Id)) continue;
            customer.Favorites.Add(new Favorite
            {
                CustomerId = customer.Id,
                ProductId = product.Id,
                AddedAt = customer.SignedUpAt.AddDays((_now - customer.SignedUpAt).TotalDays * _random.Next()),
            });
        }
    }

    private Customer Jeff()
    {
        var jeff = new Customer
        {
            Id = 1,
            ExternalId = "C0000001",
            Email = JeffEmail,
            FirstName = "Jeff",
            LastName = "Miller",
            Gender = Gender.Male,
            BirthDate = DateOnly.FromDateTime(_now).AddYears(-35).AddDays(-190),
            Income = 72_000m,
            MaritalStatus = "married",
            Occupation = "software engineer",
            Education = "bachelor",
            Country = "US",
            Region = "Texas",
            City = "Austin",
            PostalCode = "78704",
            Device = "mobile",
            PreferredChannel = "email",
            AcquisitionSource = "referral",
            Interests = ["golf", "fitness"],
            EmailOptIn = true,
            SignedUpAt = _now.AddDays(-250).AddHours(19),
        };
        // A beginner who enjoyed his first club set with friends, and keeps buying balls.
        var first = NewOrder(jeff, _now.AddDays(-245).AddHours(18), "web");
        AddLine(first, Sku("GSET-B01"), 1, Sku("GSET-B01").Price);
        AddLine(first, Sku("GGLV-X01"), 1, Sku("GGLV-X01").Price);
        var second = NewOrder(jeff, _now.AddDays(-150).AddHours(12), "app");
        AddLine(second, Sku("GBAL-X01"), 2, Sku("GBAL-X01").Price);
        var third = NewOrder(jeff, _now.AddDays(-35).AddHours(9), "app");
        AddLine(third, Sku("GBAL-X02"), 1, Sku("GBAL-X02").Price);
        AddLine(third, Sku("GSHO-B01"), 1, Sku("GSHO-B01").Price);
        foreach (var order in jeff.Orders) order.Total = order.Lines.Sum(l => l.Amount);
        jeff.Favorites.Add(new Favorite { CustomerId = 1, ProductId = Sku(JeffFavoriteSku).Id, AddedAt = _now.AddDays(-20) });
        ApplyMetrics(jeff);
        jeff.LastSeenAt = _now.AddDays(-3).AddHours(20);
        jeff.Attributes = CustomAttributes.Serialize(new Dictionary<string, object?> { ["loyaltyPoints"] = 573, ["preferredStore"] = "Austin South Congress" });
        jeff.UpdatedAt = jeff.LastSeenAt.Value;
        return jeff;
    }

    private Order NewOrder(Customer customer, DateTime orderedAt, string channel)
    {
        var order = new Order { Id = _nextOrderId, ExternalId = $"O{_nextOrderId:D8}", CustomerId = customer.Id, OrderedAt = orderedAt, Channel = channel };
        _nextOrderId++;
        customer.Orders.Add(order);
        return order;
    }

    private void AddLine(Order order, Product product, int quantity, decimal unitPrice) =>
        order.Lines.Add(new OrderLine { Id = _nextLineId++, OrderId = order.Id, ProductId = product.Id, Product = product, Quantity = quantity, UnitPrice = unitPrice });

    private static void ApplyMetrics(Customer customer)
    {
        customer.OrdersCount = customer.Orders.Count;
        customer.TotalSpent = customer.Orders.Sum(o => o.Total);
        customer.AverageOrderValue = customer.OrdersCount == 0 ? 0 : customer.TotalSpent / customer.OrdersCount;
        customer.FirstOrderAt = customer.Orders.Count == 0 ? null : customer.Orders.Min(o => o.OrderedAt);
        customer.LastOrderAt = customer.Orders.Count == 0 ? null : customer.Orders.Max(o => o.OrderedAt);
    }

    private Product PickProduct(string category, string level) =>
        _random.Weighted(_random.Chance(0.7) && _productsByShelf.TryGetValue((category, level), out var levelled)
            ? levelled
            : _productsByShelf.TryGetValue((category, null), out var unlevelled)
                ? unlevelled
                : _productsByShelf[(category, level)]);

    private Product Sku(string sku) => Products.Single(p => p.Sku == sku);

    private DateTime SeasonalDate(DateTime from, DateTime to)
    {
        var span = Math.Max(1, (to - from).TotalDays);
        while (true)
        {
            var date = from.AddDays(span * _random.Next());
            if (_random.Next() * 1.5 < MonthWeights[date.Month - 1]) return date;
        }
    }

    private List<string> Interests(string primary)
    {
        var interests = new List<string> { DemoCatalog.InterestOfCategory[primary] };
        var extra = _random.Weighted<int>([(0, 30), (1, 40), (2, 22), (3, 8)]);
        for (var i = 0; i < extra; i++)
        {
            var tag = _random.Chance(0.5) ? _random.Pick(OtherInterests) : DemoCatalog.InterestOfCategory[_random.Weighted(PrimaryCategories)];
            if (!interests.Contains(tag)) interests.Add(tag);
        }
        return interests;
    }

    /// <summary>The custom attributes demo customers carry, as an import would have registered them.</summary>
    public static readonly IReadOnlyDictionary<string, FieldType> AttributeTypes = new Dictionary<string, FieldType>
    {
        ["loyaltyPoints"] = FieldType.Number, ["preferredStore"] = FieldType.Text, ["smsOptIn"] = FieldType.Boolean,
    };

    private string? Attributes(Customer customer, DemoGeography.City city)
    {
        var values = new Dictionary<string, object?>();
        if (customer.OrdersCount > 0) values["loyaltyPoints"] = (int)customer.TotalSpent;
        if (_random.Chance(0.4)) values["preferredStore"] = $"{city.Name} {_random.Pick(StoreNames)}";
        if (_random.Chance(0.5)) values["smsOptIn"] = _random.Chance(0.4);
        return CustomAttributes.Serialize(values);
    }

    private string PostalCode(string format, string prefix)
    {
        var code = new StringBuilder(format);
        for (var i = 0; i < code.Length; i++)
        {
            if (i < prefix.Length && code[i] != ' ' && code[i] != '-') code[i] = prefix[i];
            else if (code[i] == '#') code[i] = _random.Digit();
            else if (code[i] == '@') code[i] = _random.Letter();
        }
        return code.ToString();
    }

    private static string NextLevel(string level) => level == "beginner" ? "intermediate" : "pro";

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>Lower-case ASCII for e-mail local parts: "Łukasz Żółć" becomes "lukasz.zolc".</summary>
    private static string Ascii(string name)
    {
        var builder = new StringBuilder();
        foreach (var ch in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            var mapped = ch switch { 'ø' => "o", 'ł' => "l", 'æ' => "ae", 'ß' => "ss", 'đ' => "d", _ => ch.ToString() };
            if (mapped.All(char.IsAsciiLetterOrDigit)) builder.Append(mapped);
        }
        return builder.Length > 0 ? builder.ToString() : "customer";
    }

    private static readonly string[] EmailDomains = ["example.com", "example.org", "example.net", "mail.example", "post.example"];
    private static readonly string[] StoreNames = ["Flagship", "Outlet", "Central", "Pro Shop"];

    private static readonly string[] Occupations =
    [
        "teacher", "nurse", "software engineer", "sales manager", "accountant", "designer", "student", "retired",
        "consultant", "electrician", "physician", "marketing specialist", "entrepreneur", "civil servant", "chef",
        "architect", "lawyer", "project manager",
    ];
}
