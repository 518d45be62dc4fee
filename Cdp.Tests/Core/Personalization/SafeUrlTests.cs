using Cdp.Core.Personalization.Templates;

namespace Cdp.Tests.Core.Personalization;

public class SafeUrlTests
{
    [Theory]
    [InlineData("https://store.example.com/p/1", "https://store.example.com/p/1")]
    [InlineData(" http://x.example ", "http://x.example")]
    [InlineData("/c/golf", "/c/golf")]
    [InlineData("p/1?a=b:c", "p/1?a=b:c")]
    [InlineData("//cdn.example.com/a.jpg", "//cdn.example.com/a.jpg")]
    [InlineData("mailto:help@example.com", "mailto:help@example.com")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("JavaScript:alert(1)", null)]
    [InlineData("java\tscript:alert(1)", null)]
    [InlineData("data:text/html,x", null)]
    [InlineData("vbscript:x", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void OrNull_KeepsOnlySafeLinks(string? url, string? expected) => Assert.Equal(expected, SafeUrl.OrNull(url));
}
