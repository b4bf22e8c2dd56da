using Platform.Bench.Peers.Workloads;
using WorkflowCore.Interface;

namespace Platform.Bench.Peers.Engines.WorkflowCore;

/// <summary>
/// A workload as a workflow definition: the chain is StartWith then .Then for each following step;
/// the fan-out is a parallel ForEach over the items, then root once every branch is done.
/// </summary>
public sealed class WorkflowCoreWorkflow(Workload workload) : IWorkflow<WorkflowCoreData>
{
    public string Id => workload.Name;

    public int Version => 1;

    public void Build(IWorkflowBuilder<WorkflowCoreData> builder)
    {
        if (workload.Kind == WorkloadKind.Chain)
        {
            BuildChain(builder);
        }
        else
        {
            BuildFanout(builder);
        }
    }

    void BuildChain(IWorkflowBuilder<WorkflowCoreData> builder)
    {
        var first = workload.StepName(0);
        var step = builder.StartWith<WorkflowCoreStep>()
            .Input(s => s.Name, _ => first)
            .Input(s => s.SleepMs, data => data.SleepMs);
        for (var i = 1; i < workload.Steps; i++)
        {
            var name = workload.StepName(i);
            step = step.Then<WorkflowCoreStep>()
                .Input(s => s.Name, _ => name)
                .Input(s => s.SleepMs, data => data.SleepMs);
        }
    }

    static void BuildFanout(IWorkflowBuilder<WorkflowCoreData> builder) =>
        builder.StartWith(_ => { })
            .ForEach(data => data.Items, _ => true)
                .Do(each => each.StartWith<WorkflowCoreStep>()
                    .Input(s => s.Name, (_, context) => "s" + context.Item)
                    .Input(s => s.SleepMs, data => data.SleepMs))
            .Then<WorkflowCoreStep>()
                .Input(s => s.Name, _ => "root")
                .Input(s => s.SleepMs, data => data.SleepMs);
}
