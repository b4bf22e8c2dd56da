using System.Text;

namespace Platform.Pipelines.Shell;

/// <summary>
/// Follows bash's quoting through a command, text fed piece by piece, so the renderer knows in
/// which <see cref="ShellContext"/> each template stands. It tracks what changes how text is read —
/// quotes, <c>$'</c>, <c>$( )</c>, backticks, comments, here-documents — not bash's whole grammar.
/// </summary>
internal sealed class ShellScanner
{
    private readonly Stack<Frame> _frames = new([new Frame(ShellContext.Unquoted, '\0')]);
    private readonly Queue<(string Delimiter, bool Quoted, bool StripTabs)> _pendingHeredocs = new();
    private (string Delimiter, bool Quoted, bool StripTabs)? _heredoc;
    private readonly StringBuilder _heredocLine = new();
    private StringBuilder? _heredocWord;
    private bool _heredocWordQuoted;
    private bool _heredocStripTabs;
    private bool _escaped;
    private bool _dollar;
    private int _lessThans;
    private char _previous = '\n';
    private char _beforePrevious = '\n';

    public ShellContext Context => _heredoc is { } h
        ? (h.Quoted ? ShellContext.QuotedHeredoc : ShellContext.Heredoc)
        : _frames.Peek().Kind;

    /// <summary>Inside arithmetic at any depth (quoted or in a $( ) within it): what stands here is evaluated as arithmetic.</summary>
    public bool InArithmetic => _heredoc is null && _frames.Any(f => f.Kind == ShellContext.Arithmetic);

    /// <summary>A template's value stands here: for the grammar it is part of a word.</summary>
    public void FeedWord()
    {
        if (_heredoc is not null)
        {
            _heredocLine.Append('\u0001'); // a line holding a value is never the delimiter line
            return;
        }

        _dollar = false;
        _lessThans = 0;
        _beforePrevious = _previous;
        _previous = 'x';
        _heredocWord?.Append('x');
    }

    public void Feed(string text)
    {
        foreach (var c in text)
        {
            Feed(c);
        }
    }

    private void Feed(char c)
    {
        if (_heredoc is not null)
        {
            FeedHeredocBody(c);
            return;
        }

        if (_heredocWord is not null && FeedHeredocWord(c))
        {
            return;
        }

        var frame = _frames.Peek();
        if (_escaped)
        {
            _escaped = false;
            _beforePrevious = _previous;
            _previous = 'x';
            return;
        }

        var afterDollar = _dollar;
        _dollar = false;
        switch (frame.Kind)
        {
            case ShellContext.SingleQuoted:
                if (c == '\'')
                {
                    _frames.Pop();
                }

                break;
            case ShellContext.AnsiCQuoted:
                if (c == '\\')
                {
                    _escaped = true;
                }
                else if (c == '\'')
                {
                    _frames.Pop();
                }

                break;
            case ShellContext.Comment:
                if (c == '\n')
                {
                    _frames.Pop();
                    StartPendingHeredoc();
                }

                break;
            case ShellContext.DoubleQuoted:
                FeedDoubleQuoted(c, afterDollar);
                break;
            default:
                FeedUnquoted(c, afterDollar, frame);
                break;
        }

        _beforePrevious = _previous;
        _previous = c;
    }

    /// <summary>What unquoted and double-quoted text share: escapes, $ and the start of a $( ) substitution.</summary>
    private bool FeedExpansion(char c, bool afterDollar)
    {
        switch (c)
        {
            case '\\':
                _escaped = true;
                return true;
            case '$':
                _dollar = true;
                return true;
            case '(' when afterDollar:
                _frames.Push(new Frame(ShellContext.Unquoted, ')'));
                return true;
            default:
                return false;
        }
    }

    private void FeedDoubleQuoted(char c, bool afterDollar)
    {
        if (FeedExpansion(c, afterDollar))
        {
            return;
        }

        if (c == '"')
        {
            _frames.Pop();
        }
        else if (c == '`')
        {
            _frames.Push(new Frame(ShellContext.Unquoted, '`'));
        }
    }

    private void FeedUnquoted(char c, bool afterDollar, Frame frame)
    {
        var lessThans = _lessThans;
        _lessThans = c == '<' ? lessThans + 1 : 0;
        if (FeedExpansion(c, afterDollar))
        {
            return;
        }

        switch (c)
        {
            case '\'' when afterDollar:
                _frames.Push(new Frame(ShellContext.AnsiCQuoted, '\0'));
                break;
            case '\'':
                _frames.Push(new Frame(ShellContext.SingleQuoted, '\0'));
                break;
            case '"':
                _frames.Push(new Frame(ShellContext.DoubleQuoted, '\0'));
                break;
            case '(' when _previous == '(' && frame.Closer == ')' && frame.Depth == 0 && _frames.Count > 1 && frame.Kind == ShellContext.Unquoted && _beforePrevious == '$':
                // `$((`: the substitution just opened is arithmetic; it ends at `))`.
                _frames.Pop();
                _frames.Push(new Frame(ShellContext.Arithmetic, ')') { Depth = 1 });
                break;
            case '(' when _previous == '(' && IsWordStart(_beforePrevious):
                // `((` as a command: the first '(' was counted as a subshell of the enclosing frame.
                _frames.Push(new Frame(ShellContext.Arithmetic, ')'));
                break;
            case '(':
                frame.Depth++;
                break;
            case ')' when frame.Closer == ')':
                if (frame.Depth > 0)
                {
                    frame.Depth--;
                }
                else
                {
                    _frames.Pop();
                }

                break;
            case '`' when frame.Closer == '`':
                _frames.Pop();
                break;
            case '`':
                _frames.Push(new Frame(ShellContext.Unquoted, '`'));
                break;
            case '#' when IsWordStart(_previous):
                _frames.Push(new Frame(ShellContext.Comment, '\0'));
                break;
            case '<' when lessThans == 1:
                // `<<` starts a here-document (`<<<` is a here-string: the third '<' cancels it).
                _heredocWord = new StringBuilder();
                _heredocWordQuoted = false;
                _heredocStripTabs = false;
                break;
            case '\n':
                StartPendingHeredoc();
                break;
        }
    }

    /// <summary>Reads the delimiter word after <c>&lt;&lt;</c>; true when the character belonged to it.</summary>
    private bool FeedHeredocWord(char c)
    {
        var word = _heredocWord!;
        if (word.Length == 0 && !_heredocWordQuoted)
        {
            if (c == '<')
            {
                _heredocWord = null; // a here-string
                return true;
            }

            if (c == '-' && !_heredocStripTabs)
            {
                _heredocStripTabs = true;
                return true;
            }

            if (c is ' ' or '\t')
            {
                return true;
            }
        }

        if (c is '\'' or '"' or '\\')
        {
            _heredocWordQuoted = true;
            return true;
        }

        if (char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '<' or '>' or '(' or ')')
        {
            if (word.Length > 0)
            {
                _pendingHeredocs.Enqueue((word.ToString(), _heredocWordQuoted, _heredocStripTabs));
            }

            _heredocWord = null;
            return false; // the character itself is read as usual (a newline starts the body)
        }

        word.Append(c);
        return true;
    }

    private void StartPendingHeredoc()
    {
        if (_pendingHeredocs.TryDequeue(out var next))
        {
            _heredoc = next;
            _heredocLine.Clear();
        }
    }

    private void FeedHeredocBody(char c)
    {
        if (c != '\n')
        {
            _heredocLine.Append(c);
            return;
        }

        var heredoc = _heredoc!.Value;
        var line = heredoc.StripTabs ? _heredocLine.ToString().TrimStart('\t') : _heredocLine.ToString();
        _heredocLine.Clear();
        if (line == heredoc.Delimiter)
        {
            _heredoc = null;
            StartPendingHeredoc();
            _previous = '\n';
        }
    }

    private static bool IsWordStart(char previous) => char.IsWhiteSpace(previous) || previous is ';' or '&' or '|' or '(' or ')';

    private sealed class Frame(ShellContext kind, char closer)
    {
        public ShellContext Kind { get; } = kind;

        /// <summary>What ends a command substitution frame: ')' or '`'; '\0' otherwise.</summary>
        public char Closer { get; } = closer;

        /// <summary>Plain parentheses opened inside a $( ) frame, so `$( (a) )` ends at the right one.</summary>
        public int Depth { get; set; }
    }
}
