namespace Platform.Pipelines.Shell;

/// <summary>Where a position in bash text stands, as far as quoting goes.</summary>
public enum ShellContext
{
    /// <summary>A plain word (also inside <c>$( )</c> and backticks): expansions are split and globbed.</summary>
    Unquoted,

    /// <summary>Inside "…": expansions happen, nothing is split or globbed.</summary>
    DoubleQuoted,

    /// <summary>Inside '…': nothing is expanded.</summary>
    SingleQuoted,

    /// <summary>Inside $'…': backslash escapes only.</summary>
    AnsiCQuoted,

    /// <summary>A here-document body whose delimiter is unquoted: $ expansions happen, nothing is split.</summary>
    Heredoc,

    /// <summary>A here-document body whose delimiter is quoted (&lt;&lt;'EOF'): the text is passed on as it is.</summary>
    QuotedHeredoc,

    /// <summary>After # at the start of a word, to the end of the line.</summary>
    Comment,

    /// <summary>
    /// Inside $(( )) or (( )): bash evaluates a variable's contents as arithmetic, array subscripts and
    /// their $( ) included, so only a whole number may stand here.
    /// </summary>
    Arithmetic,
}
