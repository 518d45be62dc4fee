namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// Reads a template's <c>{{…}}</c> tags to find the mistakes Handlebars.Net reports without a position (an unclosed
/// block, a mismatched close) or only when rendering (an unknown helper), each at its line and column, and the
/// constructs Cdp does not support (partials, decorators, and unescaped output in HTML).
/// </summary>
internal sealed class TemplateScanner
{
    private readonly string _text;
    private readonly TemplateMode _mode;
    private readonly List<TemplateError> _errors = [];
    private readonly Stack<(string Name, int At)> _blocks = new();
    private readonly List<int> _lineStarts = [0];

    private TemplateScanner(string text, TemplateMode mode)
    {
        _text = text;
        _mode = mode;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') _lineStarts.Add(i + 1);
    }

    public static IReadOnlyList<TemplateError> Scan(string text, TemplateMode mode)
    {
        var scanner = new TemplateScanner(text, mode);
        scanner.Run();
        return scanner._errors;
    }

    /// <summary>The 1-based line and column of a character index.</summary>
    public static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var start = 0;
        for (var i = 0; i < index && i < text.Length; i++)
            if (text[i] == '\n') (line, start) = (line + 1, i + 1);
        return (line, index - start + 1);
    }

    private void Run()
    {
        var i = 0;
        while ((i = _text.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            if (i > 0 && _text[i - 1] == '\\') { i += 2; continue; } // \{{ is literal text
            var next = Tag(i);
            if (next < 0) return; // reported; nothing after an unclosed tag can be read reliably
            i = next;
        }
        foreach (var (name, at) in _blocks)
            Error(at, $"{{{{#{name}}}}} is never closed: add {{{{/{name}}}}} where it should end.");
    }

    /// <summary>Reads the tag starting at <paramref name="start"/>; returns the index after it, or -1 when it is not closed.</summary>
    private int Tag(int start)
    {
        if (At(start, "{{!--")) return SkipTo(start, "--}}", "comment {{!-- is never closed with --}}.");
        if (At(start, "{{!")) return SkipTo(start, "}}", "comment {{! is never closed with }}.");
        if (At(start, "{{{{")) { Error(start, "Raw blocks {{{{…}}}} are not supported."); return SkipTo(start, "}}}}", "{{{{ is never closed."); }

        var triple = At(start, "{{{");
        var close = triple ? "}}}" : "}}";
        var end = _text.IndexOf(close, start + close.Length, StringComparison.Ordinal);
        var nextOpen = _text.IndexOf("{{", start + close.Length, StringComparison.Ordinal);
        if (end < 0 || (nextOpen >= 0 && nextOpen < end))
        {
            Error(start, triple ? "{{{ is never closed with }}}." : "{{ is never closed with }}.");
            return -1;
        }

        var bodyStart = start + close.Length;
        var body = _text[bodyStart..end];
        // Whitespace control ({{~ … ~}}) and padding are not part of the expression; keep where it starts for positions.
        var lead = 0;
        while (lead < body.Length && char.IsWhiteSpace(body[lead])) lead++;
        if (lead < body.Length && body[lead] == '~') lead++;
        while (lead < body.Length && char.IsWhiteSpace(body[lead])) lead++;
        var trimmed = body[lead..].TrimEnd();
        if (trimmed.EndsWith('~')) trimmed = trimmed[..^1].TrimEnd();
        var at = bodyStart + lead;

        if (triple)
        {
            if (_mode == TemplateMode.Html) Error(start, "{{{…}}} would write the value without HTML escaping; use {{…}}.");
            Expression(trimmed, at, block: false);
        }
        else if (trimmed.Length == 0) Error(start, "Empty {{ }}: write a field or a helper between the braces.");
        else Sigil(trimmed, at, start);
        return end + close.Length;
    }

    private void Sigil(string tag, int at, int start)
    {
        switch (tag[0])
        {
            case '#' when tag.Length > 1 && tag[1] is '>' or '*':
            case '>':
                Error(start, "Partials ({{> name}}) are not supported.");
                return;
            case '*':
                Error(start, "Decorators ({{* name}}) are not supported.");
                return;
            case '&':
                if (_mode == TemplateMode.Html) Error(start, "{{&…}} would write the value without HTML escaping; use {{…}}.");
                Expression(tag[1..], at + 1, block: false);
                return;
            case '#':
                Open(tag[1..].TrimStart(), at + 1, start);
                return;
            case '^' when tag.Trim() == "^":
                Else(start, null, at);
                return;
            case '^':
                Open(tag[1..].TrimStart(), at + 1, start, inverse: true);
                return;
            case '/':
                CloseBlock(tag[1..].Trim(), start);
                return;
        }
        if (tag == "else" || tag.StartsWith("else ", StringComparison.Ordinal))
        {
            Else(start, tag[4..].Trim(), at + 4 + (tag.Length - 4 - tag[4..].TrimStart().Length));
            return;
        }
        Expression(tag, at, block: false);
    }

    private void Open(string tag, int at, int start, bool inverse = false)
    {
        var tokens = Expression(tag, at, block: !inverse);
        var name = tokens.Count > 0 ? tokens[0].Text : "";
        if (name.Length == 0) { Error(start, "A block {{#…}} needs a name."); return; }
        if (!inverse && name is "if" or "unless" or "each" or "with" && tokens.Count < 2)
            Error(start, $"{{{{#{name}}}}} needs a value, e.g. {{{{#{name} {(name == "each" ? "favorites" : "firstName")}}}}}.");
        _blocks.Push((name, start));
    }

    private void Else(int start, string? chained, int at)
    {
        if (_blocks.Count == 0) { Error(start, "{{else}} is outside any block."); return; }
        if (!string.IsNullOrEmpty(chained)) Expression(chained, at, block: true);
    }

    private void CloseBlock(string name, int start)
    {
        if (_blocks.Count == 0) { Error(start, $"{{{{/{name}}}}} closes no block."); return; }
        var (open, openAt) = _blocks.Peek();
        if (open != name)
        {
            var (line, column) = Position(_text, openAt);
            Error(start, $"{{{{/{name}}}}} does not match {{{{#{open}}}}} opened at line {line}, column {column}: close {{{{/{open}}}}} first.");
            if (!_blocks.Any(b => b.Name == name)) return; // a stray close: keep the open block waiting for its own
            while (_blocks.Peek().Name != name) _blocks.Pop();
        }
        _blocks.Pop();
    }

    private readonly record struct Token(string Text, int At, bool IsPath);

    /// <summary>
    /// Checks one expression (<c>name param… key=value…</c>, with subexpressions): anything given parameters must be
    /// a known helper. Returns the top-level tokens.
    /// </summary>
    private List<Token> Expression(string text, int at, bool block)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            var begin = i;
            switch (text[i])
            {
                case '"' or '\'':
                    var endQuote = text.IndexOf(text[i], i + 1);
                    if (endQuote < 0) { Error(at + i, "This text is never closed with its quote."); return tokens; }
                    tokens.Add(new Token(text[i..(endQuote + 1)], at + i, false));
                    i = endQuote + 1;
                    continue;
                case '(':
                    var depth = 0;
                    var j = i;
                    for (; j < text.Length; j++)
                    {
                        if (text[j] == '(') depth++;
                        else if (text[j] == ')' && --depth == 0) break;
                        else if (text[j] is '"' or '\'') { var q = text.IndexOf(text[j], j + 1); if (q < 0) break; j = q; }
                    }
                    if (j >= text.Length) { Error(at + i, "This ( is never closed with )."); return tokens; }
                    var inner = Expression(text[(i + 1)..j], at + i + 1, block: false);
                    if (inner.Count == 0) Error(at + i, "Empty (): write a helper and its values between the brackets.");
                    else if (inner.Count == 1 && !TemplateHelpers.Names.Contains(inner[0].Text)) UnknownHelper(inner[0]); // with values, checked inside
                    tokens.Add(new Token(text[i..(j + 1)], at + i, false));
                    i = j + 1;
                    continue;
                case ')':
                    Error(at + i, "This ) closes no (.");
                    return tokens;
            }
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')')
            {
                if (text[i] == '[') { var close = text.IndexOf(']', i); i = close < 0 ? text.Length : close + 1; }
                else i++;
            }
            var word = text[begin..i];
            var isHash = word.IndexOf('=') > 0 && !word.StartsWith('[');
            tokens.Add(new Token(word, at + begin, !isHash && word[0] is not ('-' or (>= '0' and <= '9'))));
            if (isHash && word.EndsWith('=') && i < text.Length && text[i] == '(') continue; // key=(sub …): read the sub next
        }

        if (tokens.Count > 1 && tokens[0].IsPath)
        {
            var known = block ? TemplateHelpers.BlockNames : TemplateHelpers.Names;
            if (!known.Contains(tokens[0].Text)) UnknownHelper(tokens[0], block);
        }
        return tokens;
    }

    private void UnknownHelper(Token name, bool block = false)
    {
        var known = block ? TemplateHelpers.BlockNames : TemplateHelpers.Names;
        var hint = known.FirstOrDefault(k => string.Equals(k, name.Text, StringComparison.OrdinalIgnoreCase));
        Error(name.At, $"Unknown {(block ? "block helper" : "helper")} \"{name.Text}\"" +
            (hint is not null ? $": did you mean \"{hint}\"?" : $"; the helpers are {string.Join(", ", known.Order(StringComparer.Ordinal))}."));
    }

    private bool At(int index, string what) => string.CompareOrdinal(_text, index, what, 0, what.Length) == 0;

    private int SkipTo(int start, string close, string message)
    {
        var end = _text.IndexOf(close, start + 2, StringComparison.Ordinal);
        if (end < 0) { Error(start, message); return -1; }
        return end + close.Length;
    }

    private void Error(int index, string message)
    {
        var line = _lineStarts.BinarySearch(index);
        if (line < 0) line = ~line - 1;
        _errors.Add(new TemplateError(line + 1, index - _lineStarts[line] + 1, message));
    }
}
