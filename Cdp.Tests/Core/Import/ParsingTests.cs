using Cdp.Core.Customers;
using Cdp.Core.Import.Parsing;

namespace Cdp.Tests.Core.Import;

public class DateParserTests
{
    [Theory]
    [InlineData("2024-01-13", DateOrder.Unknown, "2024-01-13T00:00:00")]
    [InlineData("2024-01-13T10:20:30Z", DateOrder.Unknown, "2024-01-13T10:20:30")]
    [InlineData("2024-01-13 10:20", DateOrder.Unknown, "2024-01-13T10:20:00")]
    [InlineData("2024-01-13T10:20:30.1234567Z", DateOrder.Unknown, "2024-01-13T10:20:30.1234567")]
    [InlineData("2024-01-13 10:20:30 +0100", DateOrder.Unknown, "2024-01-13T09:20:30")]
    [InlineData("2024-01-13 10:20 UTC", DateOrder.Unknown, "2024-01-13T10:20:00")]
    [InlineData("2024-01-13T10:20:30-05", DateOrder.Unknown, "2024-01-13T15:20:30")]
    [InlineData("2024-01-13T10:20:30+02:00", DateOrder.Unknown, "2024-01-13T08:20:30")]   // converted to UTC
    [InlineData("2024/1/5", DateOrder.Unknown, "2024-01-05T00:00:00")]
    [InlineData("13/01/2024", DateOrder.Unknown, "2024-01-13T00:00:00")]                // a day above 12 proves day-first
    [InlineData("01/13/2024", DateOrder.Unknown, "2024-01-13T00:00:00")]
    [InlineData("03/04/2024", DateOrder.DayFirst, "2024-04-03T00:00:00")]
    [InlineData("03/04/2024", DateOrder.MonthFirst, "2024-03-04T00:00:00")]
    [InlineData("05/05/2024", DateOrder.Unknown, "2024-05-05T00:00:00")]                // same either way
    [InlineData("13.01.2024", DateOrder.Unknown, "2024-01-13T00:00:00")]
    [InlineData("13-01-2024 18:45", DateOrder.Unknown, "2024-01-13T18:45:00")]
    [InlineData("1/13/2024 6:45 PM", DateOrder.MonthFirst, "2024-01-13T18:45:00")]
    [InlineData("13 Jan 2024", DateOrder.Unknown, "2024-01-13T00:00:00")]
    [InlineData("Jan 13, 2024", DateOrder.Unknown, "2024-01-13T00:00:00")]
    [InlineData("13. Januar 2024", DateOrder.Unknown, "2024-01-13T00:00:00")]
    [InlineData("29/02/2024", DateOrder.Unknown, "2024-02-29T00:00:00")]
    [InlineData("  2024-01-13  ", DateOrder.Unknown, "2024-01-13T00:00:00")]
    public void ParseDateTime_ReadsCommonFormats(string input, DateOrder order, string expected)
    {
        var result = DateParser.ParseDateTime(input, order);

        Assert.Null(result.Error);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Value);
        Assert.Equal(DateTimeKind.Utc, result.Value.Kind);
    }

    [Theory]
    [InlineData("03/04/2024", DateOrder.Unknown, "day-first or month-first")]
    [InlineData("13/01/2024", DateOrder.MonthFirst, "not a valid month-first date")]
    [InlineData("29/02/2023", DateOrder.Unknown, "not a valid date")]
    [InlineData("2024-02-30", DateOrder.Unknown, "not a valid date")]
    [InlineData("yesterday", DateOrder.Unknown, "is not a date")]
    [InlineData("12/12/1492", DateOrder.Unknown, "outside the years")]
    public void ParseDateTime_Invalid_SaysWhy(string input, DateOrder order, string message)
    {
        var result = DateParser.ParseDateTime(input, order);

        Assert.False(result.HasValue);
        Assert.Contains(message, result.Error);
    }

    /// <summary>The digit-by-digit reading of plain ISO dates answers as the exact formats it stands in for; what they refuse is still refused.</summary>
    [Theory]
    [InlineData("2024-02-29", true)] [InlineData("1850-01-01", true)] [InlineData("2200-12-31T23:59:59", true)]
    [InlineData("2024-01-13 10:20:30", true)] [InlineData("2024-01-13T00:00:00", true)] [InlineData("2024-01-13t10:20:30", true)]
    [InlineData("2023-02-29", false)] [InlineData("1849-12-31 23:59:59", false)] [InlineData("2201-01-01", false)]
    [InlineData("2024-01-13 24:00:00", false)] [InlineData("2024-01-13 23:60:00", false)] [InlineData("2024-13-01", false)]
    [InlineData("2024-00-10", false)] [InlineData("0000-01-01", false)] [InlineData("2024-1-013", false)] [InlineData("２０２４-01-13", false)]
    public void ParseDateTime_PlainIso_AgreesWithExactFormats(string input, bool valid)
    {
        var result = DateParser.ParseDateTime(input, DateOrder.Unknown);

        Assert.Equal(valid, result.Error is null);
        if (DateTime.TryParseExact(input, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var exact) && valid)
        {
            Assert.Equal(exact, result.Value);
            Assert.Equal(DateTimeKind.Utc, result.Value.Kind);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void ParseDateTime_EmptyCell_IsNull(string? input)
    {
        var result = DateParser.ParseDateTime(input, DateOrder.Unknown);
        Assert.False(result.HasValue);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("13/01/2024", DateOrder.DayFirst)]
    [InlineData("01/13/2024", DateOrder.MonthFirst)]
    [InlineData("03/04/2024", null)]
    [InlineData("2024-01-13", null)]
    public void ProvenOrder_OnlyFromAPartAboveTwelve(string input, DateOrder? expected) =>
        Assert.Equal(expected, DateParser.ProvenOrder(input));
}

public class NumberParserTests
{
    [Theory]
    [InlineData("1234", DecimalSeparator.Unknown, "1234")]
    [InlineData("1234.56", DecimalSeparator.Unknown, "1234.56")]
    [InlineData("1234,56", DecimalSeparator.Unknown, "1234.56")]
    [InlineData("1,234.56", DecimalSeparator.Unknown, "1234.56")]
    [InlineData("1.234,56", DecimalSeparator.Unknown, "1234.56")]
    [InlineData("1 234,56", DecimalSeparator.Unknown, "1234.56")]
    [InlineData("1\u00A0234,56", DecimalSeparator.Unknown, "1234.56")]
    [InlineData("1'234.50", DecimalSeparator.Unknown, "1234.50")]
    [InlineData("1,234,567", DecimalSeparator.Unknown, "1234567")]
    [InlineData("1.234.567", DecimalSeparator.Unknown, "1234567")]
    [InlineData("0.125", DecimalSeparator.Unknown, "0.125")]
    [InlineData("1,234", DecimalSeparator.Point, "1234")]
    [InlineData("1,234", DecimalSeparator.Comma, "1.234")]
    [InlineData("1.234", DecimalSeparator.Point, "1.234")]
    [InlineData("1.234", DecimalSeparator.Comma, "1234")]
    [InlineData("$1,234.50", DecimalSeparator.Unknown, "1234.50")]
    [InlineData("€ 12,50", DecimalSeparator.Unknown, "12.50")]
    [InlineData("12,50 €", DecimalSeparator.Unknown, "12.50")]
    [InlineData("CHF 1'200.00", DecimalSeparator.Unknown, "1200.00")]
    [InlineData("99 USD", DecimalSeparator.Unknown, "99")]
    [InlineData("-12.5", DecimalSeparator.Unknown, "-12.5")]
    [InlineData("(12.50)", DecimalSeparator.Unknown, "-12.50")]
    [InlineData("12.50-", DecimalSeparator.Unknown, "-12.50")]
    [InlineData("-$5", DecimalSeparator.Unknown, "-5")]
    [InlineData("+7", DecimalSeparator.Unknown, "7")]
    [InlineData(".5", DecimalSeparator.Unknown, "0.5")]
    public void Parse_ReadsEitherSeparatorAndCurrency(string input, DecimalSeparator separator, string expected)
    {
        var result = NumberParser.Parse(input, separator);

        Assert.Null(result.Error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Value);
    }

    [Theory]
    [InlineData("1,234", "thousand or a decimal")]
    [InlineData("1.234", "thousand or a decimal")]
    [InlineData("12a", "not a number")]
    [InlineData("1.2.3,4,5", "not a number")]
    [InlineData("1,23,456.00", "not a number")]
    [InlineData("N/A", "not a number")]
    [InlineData("--5", "not a number")]
    public void Parse_InvalidOrAmbiguous_SaysWhy(string input, string message)
    {
        var result = NumberParser.Parse(input, DecimalSeparator.Unknown);

        Assert.False(result.HasValue);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData("1,234.5", DecimalSeparator.Point)]
    [InlineData("12,5", DecimalSeparator.Comma)]
    [InlineData("1.234,50", DecimalSeparator.Comma)]
    [InlineData("1,234", null)]
    [InlineData("42", null)]
    public void ProvenSeparator_OnlyFromUnambiguousValues(string input, DecimalSeparator? expected) =>
        Assert.Equal(expected, NumberParser.ProvenSeparator(input));

    [Theory]
    [InlineData("3", 3)]
    [InlineData("-1", -1)]
    [InlineData("2.0", 2)]
    public void ParseInteger_WholeNumbers(string input, int expected) =>
        Assert.Equal(expected, NumberParser.ParseInteger(input, DecimalSeparator.Unknown).Value);

    [Fact]
    public void ParseInteger_Fraction_IsRejected() =>
        Assert.Contains("not a whole number", NumberParser.ParseInteger("2.5", DecimalSeparator.Unknown).Error);
}

public class ValueParsersTests
{
    [Theory]
    [InlineData("true", true)] [InlineData("FALSE", false)] [InlineData("yes", true)] [InlineData("No", false)]
    [InlineData("y", true)] [InlineData("n", false)] [InlineData("1", true)] [InlineData("0", false)]
    public void Boolean_CommonSpellings(string input, bool expected) => Assert.Equal(expected, ValueParsers.Boolean(input).Value);

    [Fact]
    public void Boolean_Unreadable_SaysWhy() => Assert.Contains("not yes or no", ValueParsers.Boolean("maybe").Error);

    [Theory]
    [InlineData("M", Gender.Male)] [InlineData("male", Gender.Male)] [InlineData("F", Gender.Female)]
    [InlineData("Female", Gender.Female)] [InlineData("other", Gender.Other)] [InlineData("non-binary", Gender.Other)]
    [InlineData("unknown", Gender.Unknown)] [InlineData("", Gender.Unknown)] [InlineData("xyz", Gender.Unknown)]
    [InlineData("weiblich", Gender.Female)]
    public void Gender_NormalisedOrKeptUnknown(string input, Gender expected) => Assert.Equal(expected, ValueParsers.Gender(input));

    [Theory]
    [InlineData("  Anna.Berg@EXAMPLE.com ", "Anna.Berg@example.com")]
    [InlineData("jeff@example.com", "jeff@example.com")]
    public void Email_TrimmedAndDomainLowerCased(string input, string expected) => Assert.Equal(expected, ValueParsers.Email(input).Value);

    [Theory]
    [InlineData("not-an-email")] [InlineData("a@b")] [InlineData("two@@example.com")]
    public void Email_Invalid_SaysWhy(string input) => Assert.Contains("not a valid e-mail address", ValueParsers.Email(input).Error);

    [Theory]
    [InlineData("DE", "DE")] [InlineData("de", "DE")] [InlineData("DEU", "DE")] [InlineData("Germany", "DE")]
    [InlineData("Deutschland", "DE")] [InlineData("united states", "US")] [InlineData("USA", "US")] [InlineData("UK", "GB")]
    [InlineData("España", "ES")] [InlineData("Espana", "ES")] [InlineData("Polska", "PL")] [InlineData("Sverige", "SE")]
    [InlineData("Norge", "NO")] [InlineData("Schweiz", "CH")] [InlineData("France", "FR")]
    public void Country_NameOrCode_ToAlpha2(string input, string expected) => Assert.Equal(expected, Countries.Parse(input).Value);

    [Fact]
    public void Country_Unknown_SaysWhy() => Assert.Contains("not a country", Countries.Parse("Atlantis").Error);

    [Fact]
    public void Tags_SplitTrimmedLowerCasedOnce() =>
        Assert.Equal(["golf", "hiking", "camping"], ValueParsers.Tags(" Golf; hiking ,GOLF|Camping "));

    [Theory]
    [InlineData("golf")] [InlineData(";;,")] [InlineData(" a / B /a;; b|Ç ,ç")] [InlineData("Golf;Golf ;golf")] [InlineData("x\t;\u00a0y\u00a0")]
    public void Tags_AsSplitTrimLowerDistinct(string input) =>
        Assert.Equal(input.Trim().Split([';', ',', '|', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Distinct(), ValueParsers.Tags(input));

    [Theory]
    [InlineData("  Anna  ", "Anna")]
    [InlineData("'=SUM(A1)", "=SUM(A1)")]     // our export's formula neutralisation is undone
    [InlineData("'+4912345", "+4912345")]
    [InlineData("'quoted'", "'quoted'")]       // an ordinary apostrophe stays
    [InlineData("''=x", "'=x")]                // a value that itself starts '= was exported with one more apostrophe
    [InlineData("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")")] // formula-looking text is stored as text
    public void CellText_TrimsAndUndoesExportNeutralisation(string input, string expected) =>
        Assert.Equal(expected, CellText.Clean(input));

    [Fact]
    public void Text_TooLong_SaysHowLong()
    {
        var error = ValueParsers.Text(new string('x', 100_000), 100).Error;
        Assert.Contains("100,000 characters", error);
        Assert.Contains("at most 100", error);
    }
}

public class AttributeTypesTests
{
    [Theory]
    [InlineData(new[] { "12", "7.5", "" }, Cdp.Core.Import.Mapping.FieldType.Number)]
    [InlineData(new[] { "yes", "No" }, Cdp.Core.Import.Mapping.FieldType.Boolean)]
    [InlineData(new[] { "0", "1" }, Cdp.Core.Import.Mapping.FieldType.Number)]
    [InlineData(new[] { "2024-01-05", "13/02/2023" }, Cdp.Core.Import.Mapping.FieldType.Date)]
    [InlineData(new[] { "gold", "12" }, Cdp.Core.Import.Mapping.FieldType.Text)]
    [InlineData(new[] { "+4917612345678" }, Cdp.Core.Import.Mapping.FieldType.Text)]
    [InlineData(new[] { "0176123456", "0301234" }, Cdp.Core.Import.Mapping.FieldType.Text)]
    [InlineData(new[] { "4111111111111111111" }, Cdp.Core.Import.Mapping.FieldType.Text)]
    public void Infer_TypeFromSample(string[] values, Cdp.Core.Import.Mapping.FieldType expected) =>
        Assert.Equal(expected, Cdp.Core.Import.Mapping.AttributeTypes.Infer(values, DateOrder.Unknown, DecimalSeparator.Unknown));
}
