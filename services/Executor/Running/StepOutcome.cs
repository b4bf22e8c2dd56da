namespace Platform.Executor.Running;

public enum StepOutcome
{
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
}
