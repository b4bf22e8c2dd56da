using System.Text;
using Platform.Pipelines.Engine;
using static Platform.Web.Pages.Html;

namespace Platform.Web.Pages;

/// <summary>
/// The pipeline's shape before and during a run: groups as nested boxes (a sequence left to right with
/// arrows, parallel children stacked, a DAG's steps with their needs, forEach as one chain), each step
/// coloured by its status when the run has one.
/// </summary>
internal static class PipelineGraph
{
    public static string Render(RunPlan plan, IReadOnlyDictionary<string, StepStatus> statuses)
    {
        var html = new StringBuilder("""<div class="graph">""");
        Node(html, plan.Main, statuses, "steps");
        if (plan.Finally.Children.Count > 0)
        {
            Node(html, plan.Finally, statuses, "finally");
        }

        html.Append("</div>");
        return html.ToString();
    }

    private static void Node(StringBuilder html, PlanNode node, IReadOnlyDictionary<string, StepStatus> statuses, string? title = null)
    {
        if (node.Kind == PlanKind.Step)
        {
            var status = statuses.TryGetValue(node.Id, out var s) ? s.ToWire() : "pending";
            var action = node.Step?.Action.GetType().Name.Replace("Action", "", StringComparison.Ordinal).ToLowerInvariant();
            html.Append($"""<span class="gn st-{status}" data-step="{E(node.Id)}" title="{E(action)} · {status}">{E(node.Id)}</span>""");
            return;
        }

        var kind = node.Kind.ToString().ToLowerInvariant();
        var label = title ?? $"{kind} {node.Id}";
        if (node.Kind == PlanKind.Parallel && node.Wait.Kind != Pipelines.Model.WaitKind.All)
        {
            label += $" · wait {node.Wait}";
        }

        html.Append($"""<div class="gg gg-{kind}" data-group="{E(node.Id)}"><div class="gg-label">{E(label)}</div><div class="gg-body">""");
        for (var i = 0; i < node.Children.Count; i++)
        {
            var child = node.Children[i];
            if (node.Kind is PlanKind.Sequence or PlanKind.ForEach or PlanKind.Item && i > 0)
            {
                html.Append("""<span class="arrow">→</span>""");
            }

            if (node.Kind == PlanKind.Dag && child.Needs.Count > 0)
            {
                html.Append($"""<span class="needs">{E(string.Join(", ", child.Needs.Select(n => node.Children[n].Id)))} →</span>""");
            }

            Node(html, child, statuses);
            if (node.Kind == PlanKind.Dag)
            {
                html.Append("<br>");
            }
        }

        html.Append("</div></div>");
    }
}
