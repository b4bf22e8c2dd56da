using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Web.Tests;

/// <summary>An experiment run by <c>platform experiment</c> into the console's store, shown by the API and the console.</summary>
public sealed class ExperimentPageTests(ServeProcess serve)
{
    [Fact]
    public async Task An_experiment_kept_in_the_store_is_charted_and_tabled_by_the_console_and_listed_by_the_api()
    {
        var file = Path.Combine(serve.PipelineFolder, "fan-experiment.yaml");
        var steps = string.Concat(Enumerable.Range(1, 4).Select(i => $"      - {{ id: w{i}, sleep: 200ms }}\n"));
        await File.WriteAllTextAsync(file, $"id: fan-experiment\nsteps:\n  - parallel:\n{steps}");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "platform.dll"), "experiment", file, "--parallelism", "1,4", "--store", serve.StorePath })
        {
            info.ArgumentList.Add(arg);
        }

        using var experiment = Process.Start(info)!;
        var stderr = experiment.StandardError.ReadToEndAsync();
        var stdout = experiment.StandardOutput.ReadToEndAsync();
        await experiment.ExitWithin();
        Assert.True(experiment.ExitCode == 0, await stderr);
        Assert.Contains("/pipelines/fan-experiment/experiments", await stderr, StringComparison.Ordinal);
        Assert.Contains("knee", await stdout, StringComparison.Ordinal);

        using var client = serve.Client();
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/pipelines/fan-experiment/experiments");
        var only = Assert.Single(listed.EnumerateArray());
        var levels = only.GetProperty("result").GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal([1, 4], levels.Select(l => l.GetProperty("level").GetInt32()));
        Assert.True(levels[1].GetProperty("speedUp").GetDouble() > 1.5, listed.ToString());

        var page = await client.GetStringAsync("/pipelines/fan-experiment/experiments");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("wall time and efficiency by parallelism", page, StringComparison.Ordinal);
        Assert.Contains("data-level=\"4\"", page, StringComparison.Ordinal);

        var none = await client.GetStringAsync("/pipelines/never-experimented/experiments");
        Assert.Contains("No experiment of this pipeline", none, StringComparison.Ordinal);
    }
}
