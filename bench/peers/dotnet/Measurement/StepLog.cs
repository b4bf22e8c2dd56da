using System.Collections.Concurrent;

namespace Platform.Bench.Peers.Measurement;

/// <summary>
/// Each step's begin and end, recorded inside the step body. One workload runs at a time in this
/// process, so the steps of every engine write to <see cref="Current"/>.
/// </summary>
public sealed class StepLog
{
    readonly ConcurrentDictionary<string, (double Began, double Ended)> times = new();
    readonly TaskCompletionSource allRecorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int expected;

    public StepLog(int expected) => this.expected = expected;

    public static StepLog Current { get; set; } = new(0);

    public IReadOnlyDictionary<string, (double Began, double Ended)> Times => times;

    /// <summary>Completes when as many steps as expected have ended (for engines without a fan-in step).</summary>
    public Task AllRecorded => allRecorded.Task;

    /// <summary>Changes how many steps <see cref="AllRecorded"/> waits for; call before any step runs.</summary>
    public void Expect(int steps) => expected = steps;

    public static async Task RunStepAsync(string name, int sleepMs)
    {
        var began = Clock.NowMs();
        if (sleepMs > 0)
        {
            await Task.Delay(sleepMs);
        }
        Current.Record(name, began, Clock.NowMs());
    }

    void Record(string name, double began, double ended)
    {
        times[name] = (began, ended);
        if (times.Count >= expected)
        {
            allRecorded.TrySetResult();
        }
    }
}
