using Platform.Bench.Peers.Measurement;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Platform.Bench.Peers.Engines.WorkflowCore;

/// <summary>One step: records its begin and end, sleeping SleepMs between.</summary>
public sealed class WorkflowCoreStep : StepBodyAsync
{
    public string Name { get; set; } = "";

    public int SleepMs { get; set; }

    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        await StepLog.RunStepAsync(Name, SleepMs);
        return ExecutionResult.Next();
    }
}
