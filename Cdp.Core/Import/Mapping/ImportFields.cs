namespace Cdp.Core.Import.Mapping;

/// <summary>
/// The fields each kind of import can fill, with the header names CRMs and shops use for them (English,
/// plus common German, French and Spanish headers).
/// </summary>
public static class ImportFields
{
    // Shared by the customer file and the customer columns of order and favourite files.
    private static readonly ImportField CustomerId = new("externalId", "Customer id", FieldType.Text,
        ["customer id", "customerid", "customer number", "customer no", "customer ref", "client id", "clientid", "id",
         "external id", "crm id", "contact id", "account id", "user id", "member id", "kundennummer", "kunden id",
         "numero client", "id cliente"], MaxLength: 100,
        Help: "The customer's id in the system the file comes from.");

    private static readonly ImportField Email = new("email", "E-mail", FieldType.Email,
        ["email", "e-mail", "email address", "e-mail address", "mail", "email_address", "contact email", "customer email",
         "billing email", "correo", "courriel"], MaxLength: 254);

    private static readonly ImportField FirstName = new("firstName", "First name", FieldType.Text,
        ["first name", "firstname", "given name", "fname", "forename", "first", "billing first name", "vorname",
         "prenom", "nombre"], MaxLength: 100);

    private static readonly ImportField LastName = new("lastName", "Last name", FieldType.Text,
        ["last name", "lastname", "surname", "family name", "lname", "last", "billing last name", "nachname", "nom",
         "apellido", "apellidos"], MaxLength: 100);

    private static readonly ImportField FullName = new("fullName", "Full name (split into first and last)", FieldType.Text,
        ["name", "full name", "fullname", "customer name", "contact name", "billing name"], MaxLength: 200,
        Help: "Split at the last space: everything before is the first name.");

    private static readonly ImportField Country = new("country", "Country", FieldType.Country,
        ["country", "country code", "countrycode", "country name", "nation", "billing country", "shipping country",
         "land", "pays", "pais"]);

    private static readonly ImportField City = new("city", "City", FieldType.Text,
        ["city", "town", "locality", "billing city", "shipping city", "ort", "stadt", "ville", "ciudad"], MaxLength: 100);

    private static readonly IReadOnlyList<ImportField> CustomerFields =
    [
        CustomerId, Email, FirstName, LastName, FullName,
        new("gender", "Gender", FieldType.Gender, ["gender", "sex", "salutation", "title", "geschlecht", "anrede", "genre", "sexo"]),
        new("birthDate", "Birth date", FieldType.Date, ["birth date", "birthdate", "date of birth", "dob", "birthday", "born",
            "geburtsdatum", "geburtstag", "date de naissance", "fecha de nacimiento"]),
        new("income", "Income", FieldType.Number, ["income", "annual income", "yearly income", "household income", "salary", "einkommen"]),
        new("maritalStatus", "Marital status", FieldType.Text, ["marital status", "marital", "relationship status", "familienstand"], MaxLength: 50),
        new("occupation", "Occupation", FieldType.Text, ["occupation", "job", "job title", "profession", "beruf"], MaxLength: 100),
        new("education", "Education", FieldType.Text, ["education", "education level", "degree", "bildung"], MaxLength: 100),
        Country,
        new("region", "Region", FieldType.Text, ["region", "state", "province", "county", "state province", "state/province",
            "billing province", "billing state", "bundesland"], MaxLength: 100),
        City,
        new("postalCode", "Postal code", FieldType.Text, ["postal code", "postcode", "post code", "zip", "zip code", "zipcode",
            "billing zip", "plz", "postleitzahl", "code postal", "codigo postal"], MaxLength: 20),
        new("device", "Device", FieldType.Text, ["device", "device type", "platform"], MaxLength: 50),
        new("preferredChannel", "Preferred channel", FieldType.Text, ["preferred channel", "contact channel", "communication channel",
            "preferred contact method"], MaxLength: 50),
        new("acquisitionSource", "Acquisition source", FieldType.Text, ["acquisition source", "source", "lead source", "utm source",
            "referrer", "acquisition channel", "how did you hear about us"], MaxLength: 100),
        new("interests", "Interests", FieldType.Tags, ["interests", "interest", "tags", "hobbies", "interessen"], MaxLength: 1000,
            Help: "A list separated by ; , | or /."),
        new("emailOptIn", "E-mail opt-in", FieldType.Boolean, ["email opt in", "opt in", "optin", "newsletter", "subscribed",
            "marketing consent", "accepts marketing", "accepts email marketing", "email consent", "email subscribed", "email marketing"]),
        new("signedUpAt", "Signed up", FieldType.DateTime, ["signed up", "signed up at", "signup date", "sign up date", "created",
            "created at", "created date", "date created", "registration date", "registered", "registered at", "date joined",
            "customer since", "member since", "anmeldedatum"]),
        new("lastSeenAt", "Last seen", FieldType.DateTime, ["last seen", "last seen at", "last login", "last visit", "last active",
            "last activity"]),
        ..Computed(["orders count", "orders", "number of orders", "total orders", "order count", "total spent", "total spend",
            "lifetime value", "average order value", "aov", "first order", "first order at", "last order", "last order at",
            "last order date"]),
    ];

    private static readonly IReadOnlyList<ImportField> OrderFields =
    [
        new("orderId", "Order id", FieldType.Text, ["order id", "orderid", "order number", "order no", "order", "order name",
            "name", "transaction id", "invoice number", "invoice no", "bestellnummer"], MaxLength: 100, Required: true),
        CustomerId with { Synonyms = [.. CustomerId.Synonyms.Where(s => s != "id")] },
        Email,
        new("orderedAt", "Ordered at", FieldType.DateTime, ["order date", "ordered at", "date", "created at", "purchase date",
            "transaction date", "paid at", "processed at", "bestelldatum", "datum"], Required: true),
        new("channel", "Channel", FieldType.Text, ["channel", "sales channel", "source", "source name"], MaxLength: 50),
        new("sku", "Product SKU", FieldType.Text, ["sku", "product sku", "item sku", "lineitem sku", "variant sku", "article number",
            "product code", "item code", "artikelnummer", "product id", "item id"], MaxLength: 64, Required: true),
        new("productName", "Product name", FieldType.Text, ["product", "product name", "item name", "lineitem name", "item",
            "product title", "title", "description", "artikel"], MaxLength: 200),
        new("category", "Product category", FieldType.Text, ["category", "product category", "product type", "type", "kategorie"], MaxLength: 100),
        new("quantity", "Quantity", FieldType.Integer, ["quantity", "qty", "lineitem quantity", "units", "menge", "anzahl"],
            Help: "Negative quantities are returns."),
        new("unitPrice", "Unit price", FieldType.Number, ["unit price", "price", "item price", "lineitem price", "unit cost", "preis"]),
        new("lineTotal", "Line total", FieldType.Number, ["line total", "total", "amount", "line amount", "subtotal", "extended price"],
            Help: "Used for the unit price when the file has none (total divided by quantity)."),
        FirstName, LastName, Country, City,
    ];

    private static readonly IReadOnlyList<ImportField> ProductFields =
    [
        new("sku", "SKU", FieldType.Text, ["sku", "product sku", "variant sku", "article number", "product code", "item code",
            "product id", "artikelnummer"], MaxLength: 64, Required: true),
        new("name", "Name", FieldType.Text, ["name", "product name", "title", "product title", "product", "bezeichnung"]),
        new("category", "Category", FieldType.Text, ["category", "product category", "product type", "type", "kategorie"], MaxLength: 100),
        new("subcategory", "Subcategory", FieldType.Text, ["subcategory", "sub category", "product subcategory"], MaxLength: 100),
        new("level", "Level", FieldType.Text, ["level", "skill level", "experience level", "tier"], MaxLength: 30,
            Help: "For example beginner, intermediate or pro."),
        new("price", "Price", FieldType.Number, ["price", "unit price", "list price", "variant price", "preis"]),
        new("stock", "Stock", FieldType.Integer, ["stock", "inventory", "quantity", "qty", "on hand", "inventory quantity",
            "variant inventory qty", "bestand"]),
        new("imageUrl", "Image URL", FieldType.Text, ["image url", "image", "image src", "picture", "photo"], MaxLength: 2000),
        new("productUrl", "Product URL", FieldType.Text, ["product url", "url", "link", "handle"], MaxLength: 2000),
    ];

    private static readonly IReadOnlyList<ImportField> FavoriteFields =
    [
        CustomerId with { Synonyms = [.. CustomerId.Synonyms.Where(s => s != "id")] },
        Email,
        new("sku", "Product SKU", FieldType.Text, ["sku", "product sku", "product code", "item code", "product id", "article number"],
            MaxLength: 64, Required: true),
        new("addedAt", "Added at", FieldType.DateTime, ["added at", "added", "date added", "created at", "date", "favorited at", "saved at"]),
    ];

    public static IReadOnlyList<ImportField> For(ImportKind kind) => kind switch
    {
        ImportKind.Customers => CustomerFields,
        ImportKind.Orders => OrderFields,
        ImportKind.Products => ProductFields,
        ImportKind.Favorites => FavoriteFields,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ImportField? Find(ImportKind kind, string key) =>
        For(kind).FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ImportField> Computed(string[] headers) =>
        headers.Select(h => new ImportField("computed:" + h, "Computed by Cdp from orders", FieldType.Text, [h], Computed: true));
}
