using System.Buffers;
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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ParagraphNames = Paragraphs.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LineNames = Lines.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SkippedNames = Skipped.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <remarks>
    /// Reads the HTML in place (spans, not substrings) and decodes only text with an entity in it: a bulk render makes the
    /// plain text of every e-mail.
    /// </remarks>
    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new Writer(html.Length);
        var links = new Stack<(string? Href, int Start)>();
        var pre = 0;
        var i = 0;
        Span<char> lowered = stackalloc char[16];
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var textEnd = lt < 0 ? html.Length : lt;
            if (textEnd > i) output.Text(Decode(html, i, textEnd - i), pre > 0);
            if (lt < 0) break;

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            var close = html.IndexOf('>', lt + 1);
            if (close < 0) { output.Text(Decode(html, lt, html.Length - lt), pre > 0); break; }
            var parsed = Tag.Parse(html, lt + 1, close);
            i = close + 1;
            if (parsed is not { } tag) continue;
            var tagName = html.AsSpan(tag.NameStart, tag.NameLength);

            if (!tag.Closing && SkippedNames.Contains(tagName))
            {
                var end = html.IndexOf("</" + tagName.ToString(), i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : Math.Max(i, html.IndexOf('>', end) + 1);
                continue;
            }

            // Lower-cased as string.ToLowerInvariant does; a name longer than any compared below matches none of them.
            var name = tagName.Length <= lowered.Length ? lowered[..tagName.ToLowerInvariant(lowered)] : tagName.ToString().ToLowerInvariant().AsSpan();
            if (name is "br") output.NewLine();
            else if (name is "img" && !tag.Closing && !string.IsNullOrWhiteSpace(tag.Attribute(html, "alt"))) output.Text(tag.Attribute(html, "alt"), false);
            else if (name is "td" or "th" && !tag.Closing) output.Text(" ", false);
            else if (name is "li" && !tag.Closing) { output.Break(1); output.Raw("- "); }
            else if (name is "pre") { output.Break(2); pre += tag.Closing ? -1 : 1; pre = Math.Max(pre, 0); }
            else if (name is "hr") { output.Break(2); output.Raw("---"); output.Break(2); }
            else if (ParagraphNames.Contains(name)) output.Break(2);
            else if (LineNames.Contains(name)) output.Break(1);
            else if (name is "a" && !tag.Closing && !tag.SelfClosing) links.Push((tag.Attribute(html, "href"), output.Length));
            else if (name is "a" && tag.Closing && links.Count > 0)
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

    /// <summary>The text decoded as <see cref="WebUtility.HtmlDecode(string)"/> does; text without an entity (or a surrogate, which it also looks at) as it is.</summary>
    private static ReadOnlySpan<char> Decode(string html, int start, int length)
    {
        var text = html.AsSpan(start, length);
        return text.IndexOf('&') < 0 && text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? text : WebUtility.HtmlDecode(text.ToString());
    }

    /// <summary>The URL to show after a link's text; none for anchors and scripts.</summary>
    private static string? LinkTarget(string? href)
    {
        var url = WebUtility.HtmlDecode(href ?? "").Trim();
        if (url.Length == 0 || url.StartsWith('#') || url.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)) return null;
        return url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? url[7..] : url;
    }

    /// <summary>A tag's parts, as positions in the HTML.</summary>
    private readonly record struct Tag(int NameStart, int NameLength, bool Closing, bool SelfClosing, int AttributesStart, int AttributesLength)
    {
        /// <summary>The tag between <paramref name="start"/> and <paramref name="end"/> (the text between &lt; and &gt;); null for none.</summary>
        public static Tag? Parse(string html, int start, int end)
        {
            var text = html.AsSpan(start, end - start);
            var trimmed = text.TrimStart();
            var from = start + (text.Length - trimmed.Length);
            trimmed = trimmed.TrimEnd();
            if (trimmed.Length == 0 || trimmed[0] is '!' or '?') return null;
            var closing = trimmed[0] == '/';
            if (closing)
            {
                var rest = trimmed[1..].TrimStart();
                from += trimmed.Length - rest.Length;
                trimmed = rest;
            }
            var nameEnd = 0;
            while (nameEnd < trimmed.Length && (char.IsLetterOrDigit(trimmed[nameEnd]) || trimmed[nameEnd] is '-' or ':')) nameEnd++;
            if (nameEnd == 0) return null;
            return new Tag(from, nameEnd, closing, trimmed.EndsWith('/'), from + nameEnd, trimmed.Length - nameEnd);
        }

        public string? Attribute(string html, string name) => Find(html.Substring(AttributesStart, AttributesLength), name);

        private static string? Find(string attributes, string name)
        {
            var i = 0;
            while ((i = attributes.IndexOf(name, i, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var before = i == 0 || char.IsWhiteSpace(attributes[i - 1]);
                var j = i + name.Length;
                while (j < attributes.Length && char.IsWhiteSpace(attributes[j])) j++;
                if (!before || j >= attributes.Length || attributes[j] != '=') { i += name.Length; continue; }
                j++;
                while (j < attributes.Length && char.IsWhiteSpace(attributes[j])) j++;
                if (j >= attributes.Length) return "";
                if (attributes[j] is '"' or '\'')
                {
                    var end = attributes.IndexOf(attributes[j], j + 1);
                    return WebUtility.HtmlDecode(end < 0 ? attributes[(j + 1)..] : attributes[(j + 1)..end]);
                }
                var stop = j;
                while (stop < attributes.Length && !char.IsWhiteSpace(attributes[stop]) && attributes[stop] != '>') stop++;
                return WebUtility.HtmlDecode(attributes[j..stop]);
            }
            return null;
        }
    }

    /// <summary>Collapses whitespace as a browser does and keeps at most one blank line between blocks.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text;
        private int _pendingBreaks;

        public Writer(int capacity) => _text = new StringBuilder(capacity);

        public int Length => _text.Length;

        public string Since(int start) => _text.ToString(start, _text.Length - start);

        public void Text(ReadOnlySpan<char> text, bool preformatted)
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

        /// <summary>The text with trailing spaces cut from each line, at most one blank line in a row, no blank lines around it.</summary>
        /// <remarks>Lines are handled in pooled buffers: only the result is a new string.</remarks>
        public override string ToString()
        {
            var length = _text.Length;
            var source = ArrayPool<char>.Shared.Rent(length);
            var target = ArrayPool<char>.Shared.Rent(length + 1); // every line and its '\n': at most one more than the text
            try
            {
                _text.CopyTo(0, source, length);
                var all = source.AsSpan(0, length);
                var written = 0;
                var blank = 0;
                foreach (var range in all.Split('\n'))
                {
                    var line = all[range].TrimEnd();
                    blank = line.Length == 0 ? blank + 1 : 0;
                    if (blank > 1) continue;
                    line.CopyTo(target.AsSpan(written));
                    written += line.Length;
                    target[written++] = '\n';
                }
                return target.AsSpan(0, written).Trim('\n').ToString();
            }
            finally
            {
                ArrayPool<char>.Shared.Return(source);
                ArrayPool<char>.Shared.Return(target);
            }
        }
    }
}
