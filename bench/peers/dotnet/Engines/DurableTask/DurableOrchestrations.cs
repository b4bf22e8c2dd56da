using Microsoft.DurableTask;
using Platform.Bench.Peers.Measurement;

namespace Platform.Bench.Peers.Engines.DurableTask;

/// <summary>
/// The orchestrations, as the Durable Task docs write them: a chain awaits one activity after
/// another; a fan-out schedules activities and awaits Task.WhenAll, then calls root. A limit below
/// the width is the docs' throttled fan-out: at most N activities outstanding, the next scheduled
/// as one completes (Task.WhenAny) — the host has no per-orchestration limit of its own.
/// </summary>
public static class DurableOrchestrations
{
    public const string Step = "step";
    public const string Chain = "chain";
    public const string Fanout = "fanout";

    public static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<DurableStep>(Step, (_, step) => StepLog.RunStepAsync(step.Name, step.SleepMs))
        .AddOrchestratorFunc<DurablePlan>(Chain, RunChainAsync)
        .AddOrchestratorFunc<DurablePlan>(Fanout, RunFanoutAsync);

    static async Task RunChainAsync(TaskOrchestrationContext context, DurablePlan plan)
    {
        for (var i = 0; i < plan.Steps; i++)
        {
            var name = i == plan.Steps - 1 ? "root" : $"s{i}";
            await context.CallActivityAsync(Step, new DurableStep(name, plan.SleepMs));
        }
    }

    static async Task RunFanoutAsync(TaskOrchestrationContext context, DurablePlan plan)
    {
        var outstanding = new List<Task>();
        for (var i = 0; i < plan.Steps; i++)
        {
            if (outstanding.Count >= plan.Concurrency)
            {
                outstanding.Remove(await Task.WhenAny(outstanding));
            }
            outstanding.Add(context.CallActivityAsync(Step, new DurableStep($"s{i}", plan.SleepMs)));
        }
        await Task.WhenAll(outstanding);
        await context.CallActivityAsync(Step, new DurableStep("root", plan.SleepMs));
    }
}
