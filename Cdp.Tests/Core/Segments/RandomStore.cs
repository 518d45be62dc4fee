using System.Globalization;
using System.Text.Json;
using Cdp.Core.Customers;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Orders;
using Cdp.Core.Products;
using Cdp.Core.Segments.Values;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Segments;

/// <summary>
/// A few hundred customers with awkward data, the same for the same seed and clock: nulls in every nullable
/// field, mixed case and non-ASCII text, % and _ in text, 29 February and today's/tomorrow's birthdays,
/// typed custom attributes, returns, orders on window boundaries and favourites with low stock. Stored
/// through EF, metrics recomputed, then loaded back so that tests see exactly what the database holds.
/// </summary>
public sealed class RandomStore
{
    /// <summary>Window lengths the order dates are placed around (start of day N days ago, and just before).</summary>
    public static readonly int[] WindowDays = [0, 1, 7, 30, 90, 365];

    /// <summary>The custom attributes every store registers, by name.</summary>
    public static readonly IReadOnlyDictionary<string, FieldType> AttributeTypes = new Dictionary<string, FieldType>
    {
        ["loyaltyPoints"] = FieldType.Number,
        ["preferredStore"] = FieldType.Text,
        ["smsOptIn"] = FieldType.Boolean,
        ["memberSince"] = FieldType.Date,
    };

    private static readonly string?[] FirstNames =
        ["Anna", "anna", "ANNA", "Émile", "émile", "ÉMILE", "Zoë", "Jürgen", "O'Brien", "Li", "José", "Ann_Marie", "100% Sam", "Søren", "ann", null];
    private static readonly string?[] LastNames =
        ["Müller", "MÜLLER", "müller", "Muller", "Smith", "smith", "SMITH", "de la Cruz", "Nguyễn", "Øster", "Ström", "O_Neil", "Percent%", null];
    private static readonly string?[] MaritalStatuses = ["Married", "married", "Single", "SINGLE", "Divorcé", "DIVORCÉ", null];
    private static readonly string?[] Occupations = ["Engineer", "engineer", "Teacher", "Data_Analyst", "DataXAnalyst", "Ingénieur", "Sales 100%", null];
    private static readonly string?[] Educations = ["Bachelor", "bachelor", "master", "PhD", "Ph.D.", null];
    private static readonly string?[] Countries = ["DE", "FR", "US", "GB", "ES", "JP", null];
    private static readonly string?[] Regions = ["Bavaria", "bavaria", "Île-de-France", "ÎLE-DE-FRANCE", "California", null];
    private static readonly string?[] Cities =
        ["München", "MÜNCHEN", "münchen", "Berlin", "berlin", "BERLIN", "Paris", "São Paulo", "Zürich", "New York", "new york", null];
    private static readonly string?[] PostalCodes = ["80331", "10115", "75001", "SW1A 1AA", "sw1a 1aa", "94_01", null];
    private static readonly string?[] Devices = ["iOS", "ios", "Android", "Desktop", null];
    private static readonly string?[] Channels = ["Email", "email", "SMS", "Push", null];
    private static readonly string?[] Sources = ["Google Ads", "google ads", "Referral", "Facebook_Ads", "FacebookXAds", "Organic 50%", null];
    private static readonly string?[] Stores = ["Berlin Mitte", "berlin mitte", "Zürich HB", "ZÜRICH HB", "50%_off", "Outlet", null];
    private static readonly decimal?[] LoyaltyPoints = [0m, 500m, 499.5m, -10m, 1000m, 12.25m, 250m, null];

    /// <summary>Lower-case tags, as imports store them.</summary>
    public static readonly string[] Tags = ["golf", "tennis", "hiking", "running", "yoga", "café", "ski"];

    /// <summary>Product categories; null is a product without one.</summary>
    public static readonly string?[] Categories = ["Golf", "Tennis", "Running", "Café & Tea", "Ski_Wear", null];

    private RandomStore(DateTime nowUtc, List<Customer> customers, List<Product> products)
    {
        NowUtc = nowUtc;
        Customers = customers;
        Products = products;
    }

    /// <summary>The clock's moment the data was generated around; no date in the store is later.</summary>
    public DateTime NowUtc { get; }

    /// <summary>Loaded back with orders, lines, products and favourites.</summary>
    public IReadOnlyList<Customer> Customers { get; }

    public IReadOnlyList<Product> Products { get; }

    public static async Task<RandomStore> CreateAsync(TestDatabase database, int seed, DateTime nowUtc, int customers, CancellationToken ct)
    {
        var generator = new Generator(new Random(seed), nowUtc, seed);
        var products = generator.MakeProducts();
        var made = Enumerable.Range(1, customers).Select(n => generator.MakeCustomer(n, products)).ToList();
        await using (var db = database.NewContext())
        {
            db.CustomAttributeDefinitions.AddRange(AttributeTypes.Select(a => new CustomAttributeDefinition { Name = a.Key, Type = a.Value, UpdatedAt = nowUtc }));
            db.Products.AddRange(products);
            db.Customers.AddRange(made);
            await db.SaveChangesAsync(ct);
            await CustomerMetrics.RecomputeAsync(db, null, ct);
            await ValueMetrics.RecomputeAsync(db, nowUtc, ct);
        }

        await using var read = database.NewContext();
        var loaded = await read.Customers.AsNoTracking().AsSplitQuery()
            .Include(c => c.Orders).ThenInclude(o => o.Lines).ThenInclude(l => l.Product)
            .Include(c => c.Favorites).ThenInclude(f => f.Product)
            .OrderBy(c => c.Id).ToListAsync(ct);
        var loadedProducts = await read.Products.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        return new RandomStore(nowUtc, loaded, loadedProducts);
    }

    private sealed class Generator(Random rng, DateTime now, int seed)
    {
        private DateTime Today => now.Date;

        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

        private bool Chance(double p) => rng.NextDouble() < p;

        public List<Product> MakeProducts()
        {
            var products = new List<Product>();
            for (var i = 0; i < 24; i++)
            {
                var category = Categories[i % Categories.Length];
                // Stock around the low-stock threshold: 0..5 is low, 6 is not.
                var stock = Pick(new[] { 0, 1, 5, 6, 7, 50, 120 });
                products.Add(new Product
                {
                    Sku = i % 5 == 0 ? $"sku-{seed}-{i:D3}_X" : $"SKU-{seed}-{i:D3}",
                    Name = $"{category ?? "Misc"} item {i}",
                    Category = category,
                    Price = rng.Next(1, 400) * 0.25m,
                    Stock = stock,
                });
            }
            return products;
        }

        public Customer MakeCustomer(int n, List<Product> products)
        {
            var externalId = Chance(0.15) ? null : Chance(0.5) ? $"C-{seed}-{n:D4}" : $"c-{seed}-{n:D4}x";
            string? email = externalId is not null && Chance(0.15) ? null
                : Pick(new[] { $"Anna.Smith{n}@example.com", $"ann_{n}@mail.example", $"JOSE{n}@example.org", $"zoe%{n}@example.com" });
            var customer = new Customer
            {
                ExternalId = externalId,
                Email = email,
                FirstName = Pick(FirstNames),
                LastName = Pick(LastNames),
                Gender = (Gender)rng.Next(4),
                BirthDate = MakeBirthDate(),
                Income = Chance(0.25) ? null : Chance(0.1) ? 50000m : rng.Next(0, 400) * 500m,
                MaritalStatus = Pick(MaritalStatuses),
                Occupation = Pick(Occupations),
                Education = Pick(Educations),
                Country = Pick(Countries),
                Region = Pick(Regions),
                City = Pick(Cities),
                PostalCode = Pick(PostalCodes),
                Device = Pick(Devices),
                PreferredChannel = Pick(Channels),
                AcquisitionSource = Pick(Sources),
                Interests = Tags.Where(_ => Chance(0.25)).ToList(),
                EmailOptIn = Chance(0.5),
                SignedUpAt = MakeInstant(maxDaysAgo: 2000),
                LastSeenAt = Chance(0.2) ? null : MakeInstant(maxDaysAgo: 400),
                Attributes = MakeAttributes(),
                UpdatedAt = now,
            };
            var orders = Chance(0.3) ? 0 : rng.Next(1, 7);
            for (var o = 0; o < orders; o++) customer.Orders.Add(MakeOrder(n, o, products));
            foreach (var product in products.Where(_ => Chance(0.06)).Take(3))
                customer.Favorites.Add(new Favorite { Product = product, AddedAt = MakeInstant(maxDaysAgo: 300) });
            return customer;
        }

        private DateOnly? MakeBirthDate()
        {
            var today = DateOnly.FromDateTime(Today);
            var year = rng.Next(1940, 2013);
            return rng.Next(12) switch
            {
                0 => null,
                1 => new DateOnly(Pick(new[] { 1988, 2000, 2004 }), 2, 29),
                2 => SameDayIn(today, year),
                3 => SameDayIn(today.AddDays(1), year),
                4 => new DateOnly(year, 2, 28),
                5 => new DateOnly(year, 3, 1),
                6 => new DateOnly(year, Pick(new[] { 1, 12 }), Pick(new[] { 1, 31 })),
                // Exactly 18 (or almost 18) today.
                7 => today.AddYears(-18).AddDays(rng.Next(-1, 2)),
                _ => new DateOnly(year, 1, 1).AddDays(rng.Next(365)),
            };
        }

        private static DateOnly SameDayIn(DateOnly day, int year) =>
            day.Month == 2 && day.Day == 29 && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, day.Month, day.Day);

        /// <summary>A moment at or before now, often on a window boundary (start of a day, or just before it).</summary>
        private DateTime MakeInstant(int maxDaysAgo)
        {
            var days = Chance(0.4) ? Pick(WindowDays) : rng.Next(0, maxDaysAgo);
            var start = Today.AddDays(-days);
            var at = rng.Next(5) switch
            {
                0 => start,
                1 => start.AddMilliseconds(-1),
                2 => days == 0 ? now : start.AddDays(1).AddSeconds(-1),
                _ => start.AddSeconds(rng.Next(86_400)),
            };
            return DateTime.SpecifyKind(at > now ? now : at, DateTimeKind.Utc);
        }

        private string? MakeAttributes()
        {
            if (Chance(0.15)) return null;
            if (Chance(0.05)) return "{}";
            var values = new Dictionary<string, object?>();
            if (Chance(0.8)) values["loyaltyPoints"] = Pick(LoyaltyPoints) is { } points ? (double)points : null;
            if (Chance(0.8)) values["preferredStore"] = Pick(Stores);
            if (Chance(0.8)) values["smsOptIn"] = Chance(0.1) ? null : Chance(0.5);
            if (Chance(0.8)) values["memberSince"] = MakeAttributeDate();
            return JsonSerializer.Serialize(values);
        }

        /// <summary>As imports store dates: "yyyy-MM-dd", or with a time when the cell had one.</summary>
        private string? MakeAttributeDate()
        {
            if (Chance(0.1)) return null;
            if (Chance(0.1)) return "2000-02-29";
            var at = MakeInstant(maxDaysAgo: 3000);
            return Chance(0.8)
                ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }

        private Order MakeOrder(int customer, int ordinal, List<Product> products)
        {
            var order = new Order
            {
                ExternalId = $"O-{seed}-{customer}-{ordinal}",
                OrderedAt = MakeInstant(maxDaysAgo: 800),
                Channel = Chance(0.2) ? null : "web",
            };
            var lines = rng.Next(1, 4);
            for (var l = 0; l < lines; l++)
            {
                var product = Pick(products);
                // Prices in quarters add up exactly in SQLite's doubles too.
                order.Lines.Add(new OrderLine { Product = product, Quantity = Chance(0.15) ? -1 : rng.Next(1, 4), UnitPrice = product.Price });
            }
            order.Total = order.Lines.Sum(l => l.Quantity * l.UnitPrice);
            return order;
        }
    }
}
