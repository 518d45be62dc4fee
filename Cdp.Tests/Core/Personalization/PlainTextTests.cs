using Cdp.Core.Personalization.Rendering;

namespace Cdp.Tests.Core.Personalization;

public class PlainTextTests
{
    [Fact]
    public void FromHtml_AnEmail_IsReadableText()
    {
        const string html = """
            <!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>
            <body>
              <h1>Hi   Jeff,</h1>
              <p>Your <b>favourites</b> are running&nbsp;low:</p>
              <ul><li>Range glove &amp; balls</li><li><a href="https://store.example.com/p/1">Tour irons</a></li></ul>
              <p>Questions? <a href="mailto:help@example.com">help@example.com</a><br>See <a href="https://store.example.com">our store</a>.</p>
              <!-- tracking comment -->
              <script>alert(1)</script>
              <table><tr><td>Total</td><td>$10.00</td></tr></table>
              <img src="x.png" alt="Summit logo">
            </body></html>
            """;

        Assert.Equal("""
            Hi Jeff,

            Your favourites are running low:

            - Range glove & balls
            - Tour irons (https://store.example.com/p/1)

            Questions? help@example.com
            See our store (https://store.example.com).

            Total $10.00

            Summit logo
            """.ReplaceLineEndings("\n"), PlainText.FromHtml(html));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("just text", "just text")]
    [InlineData("<p>a</p><p>b</p>", "a\n\nb")]
    [InlineData("<div>a</div><div>b</div>", "a\nb")]
    [InlineData("<a href=\"#top\">Top</a>", "Top")]
    [InlineData("<a href=\"https://x.example\"><img src=\"b.png\"></a>", "https://x.example")]
    [InlineData("a<hr>b", "a\n\n---\n\nb")]
    [InlineData("1 &lt; 2 &#x26; 3", "1 < 2 & 3")]
    [InlineData("<pre>a\n  b</pre>", "a\n  b")]
    public void FromHtml_Cases(string html, string expected) => Assert.Equal(expected, PlainText.FromHtml(html));
}
