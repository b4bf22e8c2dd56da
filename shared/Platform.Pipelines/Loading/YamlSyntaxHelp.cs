namespace Platform.Pipelines.Loading;

/// <summary>
/// Says what a YAML parser error usually means for someone writing a pipeline, in front of the
/// parser's own words: YamlDotNet's texts ("did not find expected '-' indicator") describe the
/// parser's state, not the mistake.
/// </summary>
internal static class YamlSyntaxHelp
{
    private static readonly (string Fragment, string Meaning)[] Meanings =
    [
        ("invalid tab", "YAML indents with spaces, never tabs"),
        ("found invalid mapping", "this line is indented differently from the mapping above it (or a value holds ': ' and needs quotes)"),
        ("mapping values are not allowed", "a value holds ': ': put it in quotes, or check this line's indentation"),
        ("did not find expected '-' indicator", "this line is indented differently from the list above it: align it with its siblings"),
        ("did not find expected key", "this line is indented differently from the mapping above it: align it with its siblings"),
        ("did not find expected ',' or ']'", "a '[ … ]' list is not closed (a value with ',' or ']' needs quotes)"),
        ("did not find expected ',' or '}'", "a '{ … }' mapping is not closed (a value with ',' or '}' needs quotes)"),
        ("while scanning a quoted scalar", "a quoted string is not closed"),
        ("found character that cannot start any token", "a value starts with a character YAML reserves ('@', '`', '%'): put it in quotes"),
        ("found undefined alias", "an alias ('*name') refers to no anchor ('&name') above it"),
        ("duplicate key", "a key appears twice in the same mapping"),
    ];

    /// <summary>"invalid YAML: ", the author-facing meaning, then the parser's words in parentheses.</summary>
    public static string Explain(string parserMessage)
    {
        foreach (var (fragment, meaning) in Meanings)
        {
            if (parserMessage.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return $"invalid YAML: {meaning} (parser: {parserMessage})";
            }
        }

        return $"invalid YAML: {parserMessage}";
    }
}
