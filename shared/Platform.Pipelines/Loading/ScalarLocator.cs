using Platform.Pipelines.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Maps an offset in a scalar's value back to its line and column in the file. Expression and
/// template errors carry an offset into the value; the value differs from the raw text by the
/// opening quote, escapes ('' and \n), folded line breaks and block indentation, so we walk the
/// raw text alongside the value instead of adding the offset to the column.
/// </summary>
internal sealed class ScalarLocator(string file, string source, YamlScalarNode node)
{
    public SourceLocation Start => new(file, (int)node.Start.Line, (int)node.Start.Column);

    public SourceLocation At(int offset)
    {
        var value = node.Value ?? "";
        var raw = (int)node.Start.Index;
        var end = Math.Min(source.Length, (int)node.End.Index);
        var line = (int)node.Start.Line;
        var column = (int)node.Start.Column;
        if (raw < 0 || raw >= source.Length)
        {
            return Start;
        }

        void Advance(int count)
        {
            for (var k = 0; k < count && raw < source.Length; k++)
            {
                if (source[raw] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }

                raw++;
            }
        }

        switch (node.Style)
        {
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                Advance(1);
                break;
            case ScalarStyle.Literal or ScalarStyle.Folded:
                // The header (`|`, `>-`, maybe a comment) ends with the first line break.
                while (raw < end && source[raw] != '\n')
                {
                    Advance(1);
                }

                break;
        }

        for (var i = 0; i < Math.Min(offset, value.Length); i++)
        {
            var c = value[i];
            while (true)
            {
                if (raw >= end)
                {
                    return Start;
                }

                var r = source[raw];
                if (node.Style == ScalarStyle.DoubleQuoted && r == '\\' && raw + 1 < end)
                {
                    Advance(EscapeLength(source[raw + 1]));
                    break;
                }

                if (node.Style == ScalarStyle.SingleQuoted && r == '\'' && raw + 1 < end && source[raw + 1] == '\'')
                {
                    Advance(2);
                    break;
                }

                if (r == c || (char.IsWhiteSpace(c) && char.IsWhiteSpace(r)))
                {
                    Advance(1);
                    break;
                }

                if (!char.IsWhiteSpace(r))
                {
                    return Start; // the texts disagree: better the scalar's start than a wrong column
                }

                Advance(1);
            }
        }

        // Land on the character itself, not on indentation or a line break before it.
        while (raw < end && offset < value.Length && !char.IsWhiteSpace(value[offset]) && char.IsWhiteSpace(source[raw]))
        {
            Advance(1);
        }

        return new SourceLocation(file, line, column);
    }

    private static int EscapeLength(char kind) => kind switch
    {
        'x' => 4,
        'u' => 6,
        'U' => 10,
        _ => 2,
    };
}
