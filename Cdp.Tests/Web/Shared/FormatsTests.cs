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
