using Platform.Pipelines.History;

namespace Platform.Pipelines.Tests.History;

/// <summary>The names an experiment's runs are kept under, read back by the console.</summary>
public sealed class ExperimentRunNameTests
{
    [Fact]
    public void A_runs_name_gives_back_its_experiment_level_and_when_it_began()
    {
        var began = new DateTimeOffset(2026, 12, 3, 20, 15, 12, 345, TimeSpan.Zero);
        var experiment = ExperimentRunName.Experiment(began);

        Assert.True(ExperimentRunName.TryParse(ExperimentRunName.Of(experiment, 16, 3), out var found, out var level));

        Assert.Equal("experiment-20261203T201512345", found);
        Assert.Equal(16, level);
        Assert.Equal(began, ExperimentRunName.BeganAt(found));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("nightly")]
    [InlineData("experiment-20261203T201512345-p0-r1")]
    [InlineData("experiment-20261203T201512345-p4")]
    [InlineData("my-experiment-20261203T201512345-p4-r1")]
    public void Any_other_name_is_not_an_experiments_run(string? name) =>
        Assert.False(ExperimentRunName.TryParse(name, out _, out _));
}
