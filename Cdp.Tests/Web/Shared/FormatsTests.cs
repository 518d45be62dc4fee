using System.Globalization;
using Cdp.Web.Components.Shared;

namespace Cdp.Tests.Web.Shared;

public class FormatsTests
{
    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1, "1 byte")]
    [InlineData(512, "512 bytes")]
    [InlineData(1023, "1,023 bytes")]
    [InlineData(1024, "1 KB")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(2047, "1.9 KB")]
    [InlineData(12 * 1024 + 1000, "12 KB")]
    [InlineData(1024 * 1024 - 1, "1,023 KB")]
    [InlineData(1024 * 1024, "1 MB")]
    [InlineData(350L * 1024 * 1024, "350 MB")]
    [InlineData(3L * 1024 * 1024 * 1024 + 300L * 1024 * 1024, "3.2 GB")]
    public void Size_Bytes_ReadsTrueAndNeverLarger(long bytes, string expected) =>
        Assert.Equal(expected, InUsEnglish(() => Formats.Size(bytes)));

    [Theory]
    [InlineData(0, "0 customers")]
    [InlineData(1, "1 customer")]
    [InlineData(2, "2 customers")]
    [InlineData(1234, "1,234 customers")]
    public void Count_WithNoun_IsSingularForOneOnly(long count, string expected) =>
        Assert.Equal(expected, InUsEnglish(() => Formats.Count(count, "customer")));

    [Fact]
    public void Count_WithIrregularPlural_UsesIt() =>
        Assert.Equal(["1 entry", "3 entries"], [Formats.Count(1, "entry", "entries"), Formats.Count(3, "entry", "entries")]);

    [Theory]
    [InlineData(1, "1 customer.")]
    [InlineData(0, "0 customers.")]
    [InlineData(2, "2 customers.")]
    public void SegmentSize_Counted_AgreesWithTheCount(int count, string expected) =>
        Assert.Equal(expected, InUsEnglish(() => Formats.SegmentSize(count)));

    private static string InUsEnglish(Func<string> format)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            return format();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
