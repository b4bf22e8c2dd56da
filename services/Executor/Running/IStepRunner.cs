using Platform.Contracts;

namespace Platform.Executor.Running;

/// <summary>Runs one kind of step action. Cancellation ends the attempt with <see cref="StepOutcome.Cancelled"/>, not an exception.</summary>
public interface IStepRunner
{
    bool CanRun(ExecuteStep step);

    Task<StepResult> RunAsync(ExecuteStep step, CancellationToken cancellation);
}
