using Platform.Pipelines.Engine;

namespace Platform.Web.Pages;

/// <summary>A status as a coloured word; the class names are the wire words (<c>st-timed-out</c>).</summary>
internal static class StatusBadge
{
    public static string Of(RunStatus status) => Badge(status.ToWire());

    public static string Of(StepStatus status) => Badge(status.ToWire());

    private static string Badge(string wire) => $"""<span class="badge st-{wire}" data-status="{wire}">{wire}</span>""";
}
