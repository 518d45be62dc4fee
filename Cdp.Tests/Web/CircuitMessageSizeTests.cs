using Cdp.Core.Limits;
using Cdp.Web;

namespace Cdp.Tests.Web;

public class CircuitMessageSizeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(2048)]
    public void CircuitMessageBytes_FitsTheLargestTemplateEscaped(int templateKilobytes)
    {
        var limits = new LimitSettings { MaxTemplateKilobytes = templateKilobytes };

        var bytes = WebServiceCollectionExtensions.CircuitMessageBytes(limits);

        // Every character of the template escaped to two (quotes in HTML attributes), and never below SignalR's default.
        Assert.True(bytes > 2 * limits.MaxTemplateBytes);
        Assert.True(bytes >= 32 * 1024);
    }
}
