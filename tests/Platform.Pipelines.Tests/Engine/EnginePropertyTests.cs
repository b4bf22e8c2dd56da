using CsCheck;
using Platform.Pipelines.Engine;

namespace Platform.Pipelines.Tests.Engine;

/// <summary>
/// Invariants over random pipelines driven by random event orders and outcomes (see RandomDriver):
/// concurrency limits hold, order and needs are respected, fail-fast scopes start nothing new,
/// races have at most their number of winners, and every run ends with every step terminal.
/// </summary>
public class EnginePropertyTests
{
    private static readonly Gen<(Model.PipelineDefinition Pipeline, int Seed)> Cases = Gen.Select(RandomPipelines.Pipeline, Gen.Int);

    [Fact]
    public void Every_random_run_terminates_with_every_step_terminal_and_no_invariant_broken()
    {
        Cases.Sample(c =>
        {
            var driver = new RandomDriver(c.Pipeline, c.Seed);
            driver.Run();
            Assert.True(driver.State.IsFinished);
        }, iter: 3000);
    }

    [Fact]
    public void The_same_events_always_produce_the_same_decisions()
    {
        Cases.Sample(c =>
        {
            var first = new RandomDriver(c.Pipeline, c.Seed);
            var log = first.Run();

            // Replay the exact events on a fresh state: the engine holds no clock, randomness or I/O.
            var replay = EngineState.Create(RunPlan.Compile(c.Pipeline), "random");
            var replayed = first.Sent.SelectMany(e => Scheduler.Decide(replay, e)).Select(RandomDriver.Describe).ToList();

            Assert.Equal(log, replayed);
            Assert.Equal(first.State.Report().Steps.Select(s => (s.Id, s.Status)), replay.Report().Steps.Select(s => (s.Id, s.Status)));
        }, iter: 300);
    }

    [Fact]
    public void A_simulated_run_of_any_pipeline_finishes_and_respects_the_run_concurrency()
    {
        RandomPipelines.Pipeline.Sample(p =>
        {
            var result = Simulation.Simulator.Run(RunPlan.Compile(p), new Simulation.SimulationOptions());
            Assert.True(result.Report.Status is RunStatus.Succeeded or RunStatus.Failed);
            Assert.All(result.Report.Steps, s => Assert.True(s.Status.IsTerminal(), $"{s.Id} is {s.Status}"));
            if (p.Concurrency is { } limit)
            {
                Assert.True(result.PeakInFlight <= limit);
            }
        }, iter: 500);
    }
}
