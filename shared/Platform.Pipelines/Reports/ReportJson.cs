using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Simulation;

namespace Platform.Pipelines.Reports;

/// <summary>The <c>--json</c> document (docs/pipelines.md, "The command line"); times are ISO-8601 UTC with microseconds.</summary>
public static class ReportJson
{
    public static string Write(RunReport report, SimulationResult? simulation = null)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(text, report, simulation);
        return text.ToString();
    }

    /// <summary>Writes the document to <paramref name="output"/> as it goes, so a 100,000-row report is never held whole.</summary>
    public static void WriteTo(TextWriter output, RunReport report, SimulationResult? simulation = null)
    {
        const int DrainAt = 64 * 1024;
        var buffer = new ArrayBufferWriter<byte>(DrainAt * 2);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("runId", report.RunId);
        if (report.Name is { } name)
        {
            json.WriteString("name", name);
        }

        json.WriteString("pipeline", report.Pipeline);
        json.WriteString("status", report.Status.ToWire());
        Time(json, "startedAt", report.StartedAt);
        Time(json, "finishedAt", report.FinishedAt);
        Resources(json, "resources", report.Resources);
        if (report.ConcurrencyCap is { } cap)
        {
            // run --sequential / --concurrency N: the report records the override.
            json.WriteNumber("concurrencyOverride", cap);
        }

        if (report.RerunOf is { } rerunOf)
        {
            json.WriteString("rerunOf", rerunOf);
        }

        if (simulation is not null)
        {
            json.WriteNumber("sequentialSeconds", Math.Round(simulation.SequentialSeconds, 3));
            json.WriteNumber("wallSeconds", Math.Round(simulation.WallSeconds, 3));
            json.WriteStartArray("criticalPath");
            foreach (var id in simulation.CriticalPath)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("steps");
        foreach (var step in report.Steps)
        {
            WriteStep(json, step);
            if (json.BytesPending + buffer.WrittenCount > DrainAt)
            {
                Drain();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        Drain();

        void Drain()
        {
            json.Flush();
            output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
        }
    }

    private static void WriteStep(Utf8JsonWriter json, StepRecord step)
    {
        json.WriteStartObject();
        json.WriteString("id", step.Id);
        json.WriteString("kind", step.Kind.ToWire());
        if (step.Name is not null)
        {
            json.WriteString("name", step.Name);
        }

        if (step.Parent is not null)
        {
            json.WriteString("parent", step.Parent);
        }

        if (step.Item is not null)
        {
            json.WriteString("item", step.Item);
        }

        json.WriteString("status", step.Status.ToWire());
        Time(json, "startedAt", step.StartedAt);
        Time(json, "finishedAt", step.FinishedAt);
        if (step.Kind == NodeKind.Step)
        {
            json.WriteNumber("attempts", step.Attempts);
            if (step.ExitCode is { } code)
            {
                json.WriteNumber("exitCode", code);
            }
            else
            {
                json.WriteNull("exitCode");
            }

            json.WriteStartObject("outputs");
            foreach (var (key, value) in step.Outputs)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        if (step.Reason is not null)
        {
            json.WriteString("reason", step.Reason);
        }

        if (step.ReusedFrom is not null)
        {
            json.WriteString("reusedFrom", step.ReusedFrom);
        }

        if (step.Artifacts.Count > 0)
        {
            json.WriteStartArray("artifacts");
            foreach (var artifact in step.Artifacts)
            {
                json.WriteStartObject();
                json.WriteString("path", artifact.Path);
                json.WriteNumber("size", artifact.Size);
                json.WriteString("digest", artifact.Digest);
                json.WriteNumber("attempt", artifact.Attempt);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (step.Approval is { } approval)
        {
            json.WriteStartObject("approval");
            json.WriteString("decision", approval.Decision);
            json.WriteString("by", approval.By);
            Time(json, "at", approval.At);
            if (approval.Comment is not null)
            {
                json.WriteString("comment", approval.Comment);
            }

            json.WriteEndObject();
        }

        Resources(json, "resources", step.Resources);
        if (step.AttemptResources.Count > 0)
        {
            json.WriteStartArray("attemptResources");
            for (var i = 0; i < step.AttemptResources.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("attempt", i + 1);
                Resources(json, "resources", step.AttemptResources[i]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary><c>{ cpuSeconds, peakMemoryBytes, readBytes, writtenBytes }</c>, left out when nothing was measured.</summary>
    private static void Resources(Utf8JsonWriter json, string name, ResourceUse? use)
    {
        if (use is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("cpuSeconds", Math.Round(use.CpuSeconds, 3));
        if (use.PeakMemoryBytes is { } peak)
        {
            json.WriteNumber("peakMemoryBytes", peak);
        }
        else
        {
            json.WriteNull("peakMemoryBytes");
        }

        json.WriteNumber("readBytes", use.ReadBytes);
        json.WriteNumber("writtenBytes", use.WrittenBytes);
        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }
}
