using System.Globalization;
using System.Text;

namespace Cdp.Bench.Suites;

/// <summary>
/// Writes deterministic, realistic customer and order CSV files of any size, fast (a plain writer, quoting only the
/// values that need it), so that the import benchmark measures the import and not the generator.
/// </summary>
internal static class ImportData
{
    private static readonly string[] FirstNames =
    [
        "Anna", "Jeff", "Maria", "Lukas", "Sofia", "Liam", "Emma", "Noah", "Olivia", "Mateo", "Chloé", "Jakub", "Zoë", "Björn",
        "Aiko", "Carlos", "Fatima", "Henrik", "Ingrid", "José", "Kasia", "Léa", "Mohammed", "Nina", "Oskar", "Priya", "Quentin",
        "Rosa", "Sven", "Tomás", "Ulla", "Valentina", "William", "Xavier", "Yuki", "Zofia", "Hannah", "Daniel", "Elif", "Gabriel",
    ];

    private static readonly string[] LastNames =
    [
        "Miller", "Kowalska", "Müller", "García", "Rossi", "Smith", "Johansson", "Dubois", "Novák", "O'Brien", "Schmidt", "Jensen",
        "Fernández", "Nowak", "Bianchi", "Andersen", "Martin", "Brown", "Wilson", "Nielsen", "Virtanen", "Silva", "Costa", "Horvat",
        "Kovács", "Papadopoulos", "Yılmaz", "Tanaka", "Kim", "Nguyen", "Van der Berg", "De Vries", "Larsen", "Moreau", "Weber",
    ];

    private static readonly (string Country, string City, string PostalPrefix)[] Places =
    [
        ("US", "Austin", "787"), ("US", "Denver", "802"), ("US", "Washington, D.C.", "200"), ("DE", "Berlin", "101"),
        ("DE", "München", "803"), ("PL", "Kraków", "30-"), ("PL", "Warszawa", "00-"), ("FR", "Lyon", "690"), ("FR", "Paris", "750"),
        ("ES", "Madrid", "280"), ("IT", "Milano", "201"), ("SE", "Malmö", "211"), ("NO", "Bergen", "50"), ("GB", "Leeds", "LS1 "),
        ("NL", "Utrecht", "351"), ("AT", "Wien", "10"), ("CH", "Zürich", "80"), ("DK", "Aarhus", "80"), ("CZ", "Brno", "602"),
        ("CA", "Toronto", "M5V "),
    ];

    private static readonly string[] Interests =
        ["golf", "tennis", "hiking", "running", "cycling", "skiing", "yoga", "swimming", "fishing", "climbing", "padel", "sailing"];

    private static readonly string[] Domains = ["example.com", "mail.example", "shop.example", "example.org", "example.net"];

    private static readonly string[] Categories = ["Golf", "Tennis", "Running", "Outdoor", "Cycling", "Ski", "Yoga", "Swim", "Fishing", "Padel"];

    private static readonly string[] ProductKinds =
        ["balls, 12 pack", "glove", "shoes", "jacket", "bag", "cap", "socks", "shirt", "shorts", "bottle", "towel", "backpack", "racket", "mat", "helmet"];

    /// <summary>The products the orders name, as a shop would: about 300 SKUs with names, categories and prices.</summary>
    public static readonly (string Sku, string Name, string Category, decimal Price)[] Products = BuildProducts(300);

    /// <summary>Header of the customers file: about fifteen columns, two of them custom attributes.</summary>
    public const string CustomerHeader =
        "customer_id,email,first_name,last_name,gender,birth_date,country,city,postal_code,income,signed_up,email_opt_in,interests,loyalty_points,preferred_store";

    public const string OrderHeader = "order_id,customer_id,email,order_date,sku,product_name,category,quantity,unit_price";

    public static string CustomerId(int index) => $"C{index:D8}";

    /// <summary>Names and e-mail follow from the index alone, so that the orders file can name the same customers.</summary>
    public static (string First, string Last, string Email) Identity(int index)
    {
        var mixed = (uint)index * 2654435761u;
        var first = FirstNames[mixed % (uint)FirstNames.Length];
        var last = LastNames[(mixed >> 8) % (uint)LastNames.Length];
        var local = Ascii(first) + "." + Ascii(last).Replace(" ", "").Replace("'", "");
        return (first, last, $"{local}.{index}@{Domains[(mixed >> 16) % (uint)Domains.Length]}");
    }

    /// <summary>Writes the customers file and returns its size in bytes.</summary>
    public static long WriteCustomers(string path, int count, int seed = 20260101)
    {
        var random = new Random(seed);
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = Open(path);
        writer.WriteLine(CustomerHeader);
        var line = new StringBuilder(256);
        for (var i = 1; i <= count; i++)
        {
            var (first, last, email) = Identity(i);
            var place = Places[random.Next(Places.Length)];
            line.Clear();
            line.Append(CustomerId(i)).Append(',');
            line.Append(email).Append(',');
            Field(line, first).Append(',');
            Field(line, last).Append(',');
            line.Append(random.Next(20) switch { < 9 => "F", < 18 => "M", 18 => "X", _ => "" }).Append(',');
            if (random.Next(10) > 0)
                line.Append(new DateOnly(1945, 1, 1).AddDays(random.Next(60 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            line.Append(',');
            line.Append(place.Country).Append(',');
            Field(line, place.City).Append(',');
            line.Append(place.PostalPrefix).Append(random.Next(100, 999)).Append(',');
            if (random.Next(4) > 0) line.Append((random.Next(18_000, 180_000) + random.Next(100) / 100m).ToString("0.00", CultureInfo.InvariantCulture));
            line.Append(',');
            line.Append(start.AddSeconds(random.NextInt64(7L * 365 * 86400)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',');
            line.Append(random.Next(3) == 0 ? "no" : "yes").Append(',');
            var interests = random.Next(4);
            for (var k = 0; k < interests; k++)
            {
                if (k > 0) line.Append(';');
                line.Append(Interests[random.Next(Interests.Length)]);
            }
            line.Append(',');
            line.Append(random.Next(5_000)).Append(',');
            line.Append("Store ").Append(random.Next(1, 120).ToString("D3", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>
    /// Writes about <paramref name="lines"/> order lines (whole orders of one to four lines, a few of them returns) for
    /// customers 1 to <paramref name="customers"/>; returns the lines and orders written and the file size.
    /// </summary>
    public static (int Lines, int Orders, long Bytes) WriteOrders(string path, int lines, int customers, int seed = 20260102)
    {
        var random = new Random(seed);
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = Open(path);
        writer.WriteLine(OrderHeader);
        var line = new StringBuilder(256);
        var written = 0;
        var orders = 0;
        Span<int> chosen = stackalloc int[4];
        while (written < lines)
        {
            orders++;
            var customer = random.Next(1, customers + 1);
            // Shops often fill only one of the two customer columns.
            var id = random.Next(10) > 0 ? CustomerId(customer) : "";
            var email = id.Length == 0 || random.Next(3) > 0 ? Identity(customer).Email : "";
            var orderedAt = start.AddSeconds(random.NextInt64(3L * 365 * 86400)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var count = Math.Min(lines - written, random.Next(1, 5));
            for (var k = 0; k < count; k++)
            {
                int product;
                do product = random.Next(Products.Length);
                while (chosen[..k].Contains(product));
                chosen[k] = product;
                var (sku, name, category, price) = Products[product];
                line.Clear();
                line.Append('O').Append(orders.ToString("D9", CultureInfo.InvariantCulture)).Append(',');
                line.Append(id).Append(',');
                line.Append(email).Append(',');
                line.Append(orderedAt).Append(',');
                line.Append(sku).Append(',');
                Field(line, name).Append(',');
                line.Append(category).Append(',');
                line.Append(random.Next(40) == 0 ? -1 : random.Next(1, 4)).Append(',');
                line.Append(price.ToString("0.00", CultureInfo.InvariantCulture));
                writer.WriteLine(line);
                written++;
            }
        }
        writer.Flush();
        return (written, orders, writer.BaseStream.Length);
    }

    private static (string, string, string, decimal)[] BuildProducts(int count)
    {
        var random = new Random(300);
        return Enumerable.Range(1, count).Select(i =>
        {
            var category = Categories[i % Categories.Length];
            var kind = ProductKinds[random.Next(ProductKinds.Length)];
            return ($"{category[..2].ToUpperInvariant()}-{i:D4}", $"{category} {kind} {i}", category, random.Next(500, 40_000) / 100m);
        }).ToArray();
    }

    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), new UTF8Encoding(false), 1 << 16)
        {
            NewLine = "\n",
        };

    /// <summary>Appends a value, quoted only when it holds a comma, a quote or a line break.</summary>
    private static StringBuilder Field(StringBuilder line, string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? line.Append(value) : line.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');

    private static string Ascii(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (char.IsAscii(c)) builder.Append(char.ToLowerInvariant(c));
        return builder.ToString();
    }
}
