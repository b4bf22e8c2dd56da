using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using Platform.Pipelines.History;

namespace Platform.Web.Charts;

/// <summary>
/// An experiment's chart — wall time (left axis) and efficiency (right axis) against the level, drawn
/// by OxyPlot — for <c>experiment --plot FILE.svg</c> and the console's experiment page alike.
/// </summary>
public static class ExperimentChart
{
    public static string Svg(ExperimentResult result, string pipelineId, int width = 720, int height = 420)
    {
        using var stream = new MemoryStream();
        new SvgExporter { Width = width, Height = height }.Export(Model(result, pipelineId), stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(ExperimentResult result, string pipelineId, string path) => File.WriteAllText(path, Svg(result, pipelineId));

    private static PlotModel Model(ExperimentResult result, string pipelineId)
    {
        var model = new PlotModel { Title = $"{pipelineId}: wall time and efficiency by parallelism" };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopRight });
        model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Bottom, Base = 2, Title = "parallelism level", MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "wall time p50 (s)", Minimum = 0, Key = "wall" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Right, Title = "efficiency", Minimum = 0, Maximum = 1.2, Key = "efficiency", StringFormat = "0%" });

        var wall = new LineSeries { Title = "wall time", YAxisKey = "wall", MarkerType = MarkerType.Circle };
        var efficiency = new LineSeries { Title = "efficiency", YAxisKey = "efficiency", MarkerType = MarkerType.Square, LineStyle = LineStyle.Dash };
        foreach (var level in result.Levels)
        {
            wall.Points.Add(new DataPoint(level.Level, level.WallP50));
            efficiency.Points.Add(new DataPoint(level.Level, level.Efficiency));
        }

        model.Series.Add(wall);
        model.Series.Add(efficiency);
        return model;
    }
}
