using System.Globalization;

namespace Platform.Pipelines.Expressions;

/// <summary>
/// Recursive-descent parser for the `if:` language (docs/pipelines.md, "Templates and conditions"):
/// paths (a.b-c.d, x[0]), 'string' and "string" literals, numbers, true/false/null,
/// ! && || == != &lt; &lt;= &gt; &gt;= and parentheses. Offsets in errors are 0-based
/// positions in the text, plus <c>baseOffset</c> when parsing inside a template.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly int _baseOffset;
    private int _pos;

    private ExpressionParser(string text, int baseOffset)
    {
        _text = text;
        _baseOffset = baseOffset;
    }

    public static Expression Parse(string text, int baseOffset)
    {
        var parser = new ExpressionParser(text, baseOffset);
        parser.SkipSpace();
        if (parser._pos >= text.Length)
        {
            throw new ExpressionException("empty expression", baseOffset);
        }

        var expr = parser.ParseOr();
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._pos..Math.Min(text.Length, parser._pos + 8)]}'");
        }

        expr.Text = text.Trim();
        return expr;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||"))
        {
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseComparison();
        while (Accept("&&"))
        {
            left = new BinaryExpression(BinaryOperator.And, left, ParseComparison());
        }

        return left;
    }

    private Expression ParseComparison()
    {
        var left = ParseUnary();
        BinaryOperator? op =
            Accept("==") ? BinaryOperator.Equal :
            Accept("!=") ? BinaryOperator.NotEqual :
            Accept("<=") ? BinaryOperator.LessOrEqual :
            Accept(">=") ? BinaryOperator.GreaterOrEqual :
            Accept("<") ? BinaryOperator.Less :
            Accept(">") ? BinaryOperator.Greater : null;
        if (op is null)
        {
            return left;
        }

        var right = ParseUnary();
        SkipSpace();
        if (Peek("==") || Peek("!=") || Peek("<") || Peek(">"))
        {
            throw Error("comparisons do not chain: add parentheses and && or ||");
        }

        return new BinaryExpression(op.Value, left, right);
    }

    private Expression ParseUnary()
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == '!' && !Peek("!="))
        {
            _pos++;
            return new NotExpression(ParseUnary());
        }

        return ParsePrimary();
    }

    private Expression ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("expression ends too early");
        }

        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseOr();
            if (!Accept(")"))
            {
                throw Error("missing ')'");
            }

            return inner;
        }

        if (c is '\'' or '"')
        {
            return new LiteralExpression(Value.Of(ReadString(c)));
        }

        if (char.IsAsciiDigit(c) || (c == '-' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            var start = _pos;
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                _pos++;
            }

            if (!double.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                throw new ExpressionException($"'{_text[start.._pos]}' is not a number", _baseOffset + start);
            }

            return new LiteralExpression(Value.Of(n));
        }

        if (IsIdentStart(c))
        {
            var start = _pos;
            var segments = new List<string> { ReadIdentifier() };
            ReadIndexes(segments);
            while (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (_pos >= _text.Length || !IsIdentStart(_text[_pos]))
                {
                    throw Error("expected a name after '.'");
                }

                segments.Add(ReadIdentifier());
                ReadIndexes(segments);
            }

            if (segments.Count == 1)
            {
                switch (segments[0])
                {
                    case "true": return new LiteralExpression(Value.True);
                    case "false": return new LiteralExpression(Value.False);
                    case "null": return new LiteralExpression(Value.Null);
                }
            }

            return new PathExpression(new PathReference(segments, _baseOffset + start));
        }

        throw Error($"unexpected '{c}'");
    }

    /// <summary>An index such as deploy[0] stays part of its segment: step ids in forEach look like that.</summary>
    private void ReadIndexes(List<string> segments)
    {
        while (_pos < _text.Length && _text[_pos] == '[')
        {
            var close = _text.IndexOf(']', _pos);
            if (close < 0)
            {
                throw Error("missing ']'");
            }

            var index = _text[(_pos + 1)..close].Trim();
            if (index.Length == 0 || !index.All(char.IsAsciiDigit))
            {
                throw Error("an index must be a whole number, e.g. [0]");
            }

            segments[^1] += "[" + index + "]";
            _pos = close + 1;
        }
    }

    private string ReadIdentifier()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private string ReadString(char quote)
    {
        var start = _pos;
        _pos++;
        var sb = new System.Text.StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
            }

            sb.Append(_text[_pos]);
            _pos++;
        }

        if (_pos >= _text.Length)
        {
            throw new ExpressionException("unterminated string", _baseOffset + start);
        }

        _pos++;
        return sb.ToString();
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private bool Accept(string token)
    {
        SkipSpace();
        if (!Peek(token))
        {
            return false;
        }

        _pos += token.Length;
        return true;
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private ExpressionException Error(string message) => new(message, _baseOffset + _pos);
}
