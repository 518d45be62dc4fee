using System.Net;
using System.Text;

namespace Cdp.Core.Personalization.Rendering;

/// <summary>
/// The plain-text alternative of an HTML e-mail: the words in reading order, paragraphs and headings on their own
/// lines, list items as "- item", table rows as lines, links as "text (url)", images by their alt text; head,
/// style, script and comments dropped. A small tag reader rather than an HTML parser: e-mail HTML is written by
/// marketers' editors, and a readable text matters more than a faithful one.
/// </summary>
public static class PlainText
{
    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
        { "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr" };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
        { "div", "tr", "li", "section", "article", "header", "footer", "nav", "main", "aside", "center", "dl", "dt", "dd", "form", "address", "figure", "figcaption" };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "head", "style", "script", "title", "template", "noscript" };

    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new Writer();
        var links = new Stack<(string? Href, int Start)>();
        var pre = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var textEnd = lt < 0 ? html.Length : lt;
            if (textEnd > i) output.Text(WebUtility.HtmlDecode(html[i..textEnd]), pre > 0);
            if (lt < 0) break;

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            var close = html.IndexOf('>', lt + 1);
            if (close < 0) { output.Text(WebUtility.HtmlDecode(html[lt..]), pre > 0); break; }
            var tag = Tag.Parse(html[(lt + 1)..close]);
            i = close + 1;
            if (tag is null) continue;

            if (!tag.Closing && Skipped.Contains(tag.Name))
            {
                var end = html.IndexOf("</" + tag.Name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : Math.Max(i, html.IndexOf('>', end) + 1);
                continue;
            }

            var name = tag.Name.ToLowerInvariant();
            if (name == "br") output.NewLine();
            else if (name == "img" && !tag.Closing && !string.IsNullOrWhiteSpace(tag.Attribute("alt"))) output.Text(tag.Attribute("alt")!, false);
            else if (name is "td" or "th" && !tag.Closing) output.Text(" ", false);
            else if (name == "li" && !tag.Closing) { output.Break(1); output.Raw("- "); }
            else if (name == "pre") { output.Break(2); pre += tag.Closing ? -1 : 1; pre = Math.Max(pre, 0); }
            else if (name == "hr") { output.Break(2); output.Raw("---"); output.Break(2); }
            else if (Paragraphs.Contains(name)) output.Break(2);
            else if (Lines.Contains(name)) output.Break(1);
            else if (name == "a" && !tag.Closing && !tag.SelfClosing) links.Push((tag.Attribute("href"), output.Length));
            else if (name == "a" && tag.Closing && links.Count > 0)
            {
                var (href, start) = links.Pop();
                var text = output.Since(start).Trim();
                var url = LinkTarget(href);
                if (url is not null && !string.Equals(url, text, StringComparison.OrdinalIgnoreCase))
                    output.Raw(text.Length == 0 ? url : $" ({url})");
            }
        }
        return output.ToString();
    }

    /// <summary>The URL to show after a link's text; none for anchors and scripts.</summary>
    private static string? LinkTarget(string? href)
    {
        var url = WebUtility.HtmlDecode(href ?? "").Trim();
        if (url.Length == 0 || url.StartsWith('#') || url.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)) return null;
        return url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? url[7..] : url;
    }

    private sealed record Tag(string Name, bool Closing, bool SelfClosing, string Attributes)
    {
        public static Tag? Parse(string inside)
        {
            var text = inside.Trim();
            if (text.Length == 0 || text[0] is '!' or '?') return null;
            var closing = text[0] == '/';
            if (closing) text = text[1..].TrimStart();
            var nameEnd = 0;
            while (nameEnd < text.Length && (char.IsLetterOrDigit(text[nameEnd]) || text[nameEnd] is '-' or ':')) nameEnd++;
            if (nameEnd == 0) return null;
            return new Tag(text[..nameEnd], closing, text.EndsWith('/'), text[nameEnd..]);
        }

        public string? Attribute(string name)
        {
            var i = 0;
            while ((i = Attributes.IndexOf(name, i, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var before = i == 0 || char.IsWhiteSpace(Attributes[i - 1]);
                var j = i + name.Length;
                while (j < Attributes.Length && char.IsWhiteSpace(Attributes[j])) j++;
                if (!before || j >= Attributes.Length || Attributes[j] != '=') { i += name.Length; continue; }
                j++;
                while (j < Attributes.Length && char.IsWhiteSpace(Attributes[j])) j++;
                if (j >= Attributes.Length) return "";
                if (Attributes[j] is '"' or '\'')
                {
                    var end = Attributes.IndexOf(Attributes[j], j + 1);
                    return WebUtility.HtmlDecode(end < 0 ? Attributes[(j + 1)..] : Attributes[(j + 1)..end]);
                }
                var stop = j;
                while (stop < Attributes.Length && !char.IsWhiteSpace(Attributes[stop]) && Attributes[stop] != '>') stop++;
                return WebUtility.HtmlDecode(Attributes[j..stop]);
            }
            return null;
        }
    }

    /// <summary>Collapses whitespace as a browser does and keeps at most one blank line between blocks.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private int _pendingBreaks;

        public int Length => _text.Length;

        public string Since(int start) => _text.ToString(start, _text.Length - start);

        public void Text(string text, bool preformatted)
        {
            foreach (var c in text)
            {
                if (preformatted && c == '\n') { NewLine(); continue; }
                if (!preformatted && char.IsWhiteSpace(c) && c != '\u00A0')
                {
                    if (_text.Length > 0 && _text[^1] != ' ' && _text[^1] != '\n' && _pendingBreaks == 0) _text.Append(' ');
                    continue;
                }
                Flush();
                _text.Append(c == '\u00A0' ? ' ' : c);
            }
        }

        public void Raw(string text)
        {
            Flush();
            _text.Append(text);
        }

        public void NewLine()
        {
            TrimSpace();
            _text.Append('\n');
        }

        public void Break(int lines) => _pendingBreaks = Math.Max(_pendingBreaks, lines);

        private void Flush()
        {
            if (_pendingBreaks == 0) return;
            TrimSpace();
            if (_text.Length > 0)
            {
                var have = 0;
                for (var i = _text.Length - 1; i >= 0 && _text[i] == '\n'; i--) have++;
                for (; have < _pendingBreaks; have++) _text.Append('\n');
            }
            _pendingBreaks = 0;
        }

        private void TrimSpace()
        {
            while (_text.Length > 0 && _text[^1] == ' ') _text.Length--;
        }

        public override string ToString()
        {
            var lines = _text.ToString().Split('\n').Select(l => l.TrimEnd());
            var result = new StringBuilder();
            var blank = 0;
            foreach (var line in lines)
            {
                blank = line.Length == 0 ? blank + 1 : 0;
                if (blank <= 1) result.Append(line).Append('\n');
            }
            return result.ToString().Trim('\n');
        }
    }
}
