using Platform.Contracts;

namespace Platform.Executor.Cancellation;

/// <summary>Identifies one attempt of one step of one run.</summary>
public readonly record struct AttemptKey(Guid RunId, string StepId, int Attempt)
{
    public static AttemptKey Of(ExecuteStep message) => new(message.RunId, message.StepId, message.Attempt);

    public static AttemptKey Of(CancelStep message) => new(message.RunId, message.StepId, message.Attempt);

    public override string ToString() => $"{RunId}/{StepId}#{Attempt}";
}
