namespace Platform.Web;

/// <summary>How the API reaches runs; bound from configuration section <c>Web</c>.</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// Cancel and approve through the run store's command inbox (the embedded <c>serve</c>: whichever
    /// <c>./platform</c> process owns the run takes them) instead of publishing on the bus (services/Console).
    /// </summary>
    public bool CommandsThroughStore { get; set; }

    /// <summary>A folder whose pipeline files a submission may name (<c>"file"</c>) instead of sending the text; none when null.</summary>
    public string? PipelineFolder { get; set; }
}
