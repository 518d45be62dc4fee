namespace Cdp.Core.Demo;

/// <summary>Where the demo store's customers live: ten countries, their cities (many with non-ASCII names),
/// and first names typical of each country so that names, genders and places agree.</summary>
internal static class DemoGeography
{
    public sealed record City(string Name, string Region, string PostalPrefix);

    public sealed record Country(
        string Code, double Weight, string BogusLocale, decimal MedianIncome, string PostalFormat,
        City[] Cities, string[] FemaleNames, string[] MaleNames);

    public static readonly Country[] Countries =
    [
        new("US", 24, "en_US", 65_000m, "#####",
            [new("New York", "New York", "10"), new("Austin", "Texas", "787"), new("Denver", "Colorado", "802"),
             new("Seattle", "Washington", "981"), new("San Diego", "California", "921"), new("Scottsdale", "Arizona", "852"),
             new("Portland", "Oregon", "972"), new("Charlotte", "North Carolina", "282")],
            ["Emily", "Sarah", "Jessica", "Ashley", "Megan", "Lauren", "Olivia", "Hannah", "Madison", "Rachel"],
            ["Michael", "Chris", "Matt", "Josh", "Tyler", "Ryan", "Brandon", "Daniel", "Kevin", "Justin"]),
        new("GB", 15, "en_GB", 45_000m, "@@# #@@",
            [new("London", "England", "SW"), new("Edinburgh", "Scotland", "EH"), new("Manchester", "England", "M"),
             new("Bristol", "England", "BS"), new("Cardiff", "Wales", "CF"), new("St Andrews", "Scotland", "KY"),
             new("Belfast", "Northern Ireland", "BT")],
            ["Charlotte", "Amelia", "Sophie", "Chloe", "Lucy", "Eleanor", "Imogen", "Freya", "Zoë", "Niamh"],
            ["Oliver", "Harry", "George", "James", "Alfie", "Callum", "Rhys", "Euan", "Thomas", "William"]),
        new("DE", 14, "de", 50_000m, "#####",
            [new("München", "Bayern", "80"), new("Köln", "Nordrhein-Westfalen", "50"), new("Düsseldorf", "Nordrhein-Westfalen", "40"),
             new("Berlin", "Berlin", "10"), new("Hamburg", "Hamburg", "20"), new("Nürnberg", "Bayern", "90"),
             new("Garmisch-Partenkirchen", "Bayern", "82"), new("Lübeck", "Schleswig-Holstein", "23")],
            ["Anna", "Lena", "Jülide", "Katharina", "Sophie", "Marie", "Hannah", "Lea", "Johanna", "Greta"],
            ["Lukas", "Jürgen", "Maximilian", "Jonas", "Felix", "Tobias", "Sebastian", "Björn", "Florian", "Stefan"]),
        new("FR", 10, "fr", 42_000m, "#####",
            [new("Paris", "Île-de-France", "75"), new("Orléans", "Centre-Val de Loire", "45"), new("Besançon", "Bourgogne-Franche-Comté", "25"),
             new("Nîmes", "Occitanie", "30"), new("Annecy", "Auvergne-Rhône-Alpes", "74"), new("Chamonix-Mont-Blanc", "Auvergne-Rhône-Alpes", "74"),
             new("Lyon", "Auvergne-Rhône-Alpes", "69")],
            ["Camille", "Léa", "Chloé", "Manon", "Inès", "Élodie", "Margaux", "Océane", "Amélie", "Juliette"],
            ["Lucas", "Théo", "Hugo", "Mathéo", "Louis", "Étienne", "Clément", "Jérôme", "Antoine", "François"]),
        new("ES", 8, "es", 32_000m, "#####",
            [new("Madrid", "Comunidad de Madrid", "28"), new("Málaga", "Andalucía", "29"), new("Córdoba", "Andalucía", "14"),
             new("A Coruña", "Galicia", "15"), new("Barcelona", "Cataluña", "08"), new("San Sebastián", "País Vasco", "20")],
            ["Lucía", "María", "Paula", "Sofía", "Martina", "Carmen", "Elena", "Nuria", "Begoña", "Inés"],
            ["Alejandro", "Pablo", "Jesús", "Álvaro", "Javier", "Sergio", "Adrián", "Iñigo", "Rubén", "José"]),
        new("SE", 6, "sv", 48_000m, "### ##",
            [new("Stockholm", "Stockholms län", "11"), new("Göteborg", "Västra Götalands län", "41"), new("Malmö", "Skåne län", "21"),
             new("Åre", "Jämtlands län", "83"), new("Umeå", "Västerbottens län", "90"), new("Västerås", "Västmanlands län", "72")],
            ["Astrid", "Elsa", "Maja", "Saga", "Ebba", "Linnéa", "Åsa", "Ingrid", "Frida", "Sofia"],
            ["Björn", "Erik", "Lars", "Oskar", "Nils", "Anders", "Måns", "Gustav", "Johan", "Axel"]),
        new("NO", 5, "nb_NO", 60_000m, "####",
            [new("Oslo", "Oslo", "0"), new("Bergen", "Vestland", "5"), new("Tromsø", "Troms", "9"),
             new("Bærum", "Akershus", "1"), new("Trondheim", "Trøndelag", "7"), new("Lillehammer", "Innlandet", "2")],
            ["Ingrid", "Nora", "Sigrid", "Solveig", "Ragnhild", "Thea", "Kari", "Marte", "Tuva", "Åse"],
            ["Ole", "Håkon", "Magnus", "Sindre", "Øyvind", "Eirik", "Jørgen", "Kristian", "Sander", "Torbjørn"]),
        new("PL", 6, "pl", 25_000m, "##-###",
            [new("Kraków", "Małopolskie", "3"), new("Łódź", "Łódzkie", "9"), new("Gdańsk", "Pomorskie", "8"),
             new("Warszawa", "Mazowieckie", "0"), new("Wrocław", "Dolnośląskie", "5"), new("Zakopane", "Małopolskie", "3")],
            ["Zofia", "Małgorzata", "Agnieszka", "Katarzyna", "Alicja", "Magdalena", "Joanna", "Zuzanna", "Wiktoria", "Ewa"],
            ["Łukasz", "Paweł", "Michał", "Wojciech", "Krzysztof", "Jakub", "Tomasz", "Piotr", "Grzegorz", "Mikołaj"]),
        new("NL", 6, "nl", 50_000m, "#### @@",
            [new("Amsterdam", "Noord-Holland", "10"), new("Utrecht", "Utrecht", "35"), new("'s-Hertogenbosch", "Noord-Brabant", "52"),
             new("Rotterdam", "Zuid-Holland", "30"), new("Groningen", "Groningen", "97"), new("Eindhoven", "Noord-Brabant", "56")],
            ["Emma", "Sanne", "Fleur", "Anouk", "Lotte", "Femke", "Iris", "Noor", "Eva", "Maud"],
            ["Daan", "Sem", "Thijs", "Bram", "Jeroen", "Ruben", "Stijn", "Joost", "Niels", "Lars"]),
        new("CH", 6, "de_CH", 80_000m, "####",
            [new("Zürich", "Zürich", "80"), new("Genève", "Genève", "12"), new("Bern", "Bern", "30"),
             new("Luzern", "Luzern", "60"), new("Zermatt", "Valais", "39"), new("Davos", "Graubünden", "72")],
            ["Léa", "Mia", "Lara", "Laura", "Noemi", "Chiara", "Anja", "Seraina", "Mélanie", "Nina"],
            ["Luca", "Noah", "Reto", "Urs", "Beat", "Andrea", "Gian", "Yannick", "Matthias", "Loïc"]),
    ];
}
