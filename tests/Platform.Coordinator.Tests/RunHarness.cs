using Platform.Tests.Shared;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts;
using Platform.Coordinator.Extensions;
using Platform.Coordinator.Locks;
using Platform.Coordinator.Running;
using Platform.Coordinator.Saga;
using Platform.Coordinator.Timers;
using Platform.Storage;
using Platform.Executor.Extensions;

namespace Platform.Coordinator.Tests;

/// <summary>
/// The Coordinator saga with real Executor consumers (bash, sleep) on MassTransit's in-memory test
/// harness: what the embedded default runs, observed through the messages it publishes. With
/// <c>inProcess</c> the Coordinator hands ExecuteSteps to the Executor in process and results come back
/// through the mediator, as in the CLI; without, both cross the bus, as between processes. Results
/// taken through the mediator count as published (<see cref="Published{T}"/>).
/// </summary>
internal sealed class RunHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly ResultRecorder _results = new();

    private RunHarness(ServiceProvider provider, ITestHarness harness)
    {
        _provider = provider;
        Harness = harness;
        provider.GetService<MassTransit.Mediator.IMediator>()?.ConnectConsumeObserver(_results);
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    public static async Task<RunHarness> StartAsync(bool withExecutor = true, int slots = 64, IRunStore? store = null,
        Action<CoordinatorOptions>? coordinator = null, bool inProcess = false, Action<Platform.Executor.ExecutorOptions>? executor = null)
    {
        var services = new ServiceCollection();
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        services.AddCoordinator(o =>
        {
            o.Store = "memory";
            coordinator?.Invoke(o);
        });
        if (withExecutor)
        {
            services.AddExecutor(o =>
            {
                o.Slots = slots;
                executor?.Invoke(o);
            });
            if (inProcess)
            {
                services.AddInProcessSteps();
                services.AddInProcessResults();
            }
        }

        services.AddMassTransitTestHarness(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60));
            bus.AddCoordinatorSaga();
            if (withExecutor)
            {
                bus.AddExecutorConsumers();
            }
            else
            {
                bus.AddConsumer<CleanMergeConsumer>();
            }
        });
        var provider = services.BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        // MassTransit's harness starts the registered hosted services itself: starting one again would run two loops of it.
        foreach (var service in new BackgroundService[] { provider.GetRequiredService<RunTimers>(), provider.GetRequiredService<RunLocks>() })
        {
            if (service.ExecuteTask is null)
            {
                await service.StartAsync(CancellationToken.None);
            }
        }
        return new RunHarness(provider, harness);
    }

    public async Task<Guid> SubmitAsync(string yaml, Guid? runId = null, Dictionary<string, string>? inputs = null)
    {
        var id = runId ?? Guid.NewGuid();
        await Harness.Bus.Publish(new SubmitRun(id, yaml, "test.yaml", inputs ?? [], DateTimeOffset.UtcNow));
        return id;
    }

    public ISagaStateMachineTestHarness<RunStateMachine, RunState> Saga => Harness.GetSagaStateMachineHarness<RunStateMachine, RunState>();

    /// <summary>Waits until the run's saga is in <paramref name="state"/> (Running, Finished, Rejected); false if it never gets there.</summary>
    public async Task<bool> ReachesAsync(Guid runId, Func<RunStateMachine, MassTransit.State> state) =>
        await Saga.Exists(runId, state, TimeSpan.FromSeconds(60)) is not null;

    /// <summary>Waits for the run's saga to reach Finished, then returns the RunFinished it published.</summary>
    public async Task<RunFinished> FinishedAsync(Guid runId) =>
        (await PublishedOnReachingAsync<RunFinished>(runId, m => m.Finished, nameof(RunStateMachine.Finished), m => m.RunId)).First();

    public async Task<RunFinished> RunAsync(string yaml) => await FinishedAsync(await SubmitAsync(yaml));

    /// <summary>Waits for the run's saga to reach Rejected, then returns the RunRejected it published (after the instance was saved, as with <see cref="FinishedAsync"/>).</summary>
    public async Task<RunRejected> RejectedAsync(Guid runId) =>
        (await PublishedOnReachingAsync<RunRejected>(runId, m => m.Rejected, nameof(RunStateMachine.Rejected), m => m.RunId)).Single();

    /// <summary>
    /// Waits for the run's saga to reach <paramref name="state"/>, then for what it published on the way.
    /// Published by the outbox once the instance was saved: there, or on its way. Polled, not
    /// Published.Any: once the bus has been idle for a moment (a run admitted or refused by the lock
    /// table's loop, a long wait), Any answers at once from what it has and misses one on its way.
    /// </summary>
    private async Task<IReadOnlyList<T>> PublishedOnReachingAsync<T>(Guid runId, Func<RunStateMachine, MassTransit.State> state, string stateName, Func<T, Guid> run)
        where T : class
    {
        if (!await ReachesAsync(runId, state))
        {
            throw new TimeoutException($"run {runId} did not reach {stateName} within 60s");
        }

        await TestProcesses.WaitFor(() => Published(runId, run).Any(), TimeSpan.FromSeconds(30));
        return Published(runId, run);
    }

    /// <summary>
    /// What has been published so far, never waiting. MassTransit's <c>Published.Select</c> without a
    /// cancelled token blocks a thread until the bus has been idle for a while or the test timeout
    /// passes: on a machine where the bus never goes quiet, every call would cost a minute.
    /// </summary>
    public IReadOnlyList<T> Published<T>(Guid runId, Func<T, Guid> run)
        where T : class =>
        [.. Harness.Published.Select<T>(Snapshot).Select(m => m.Context.Message).Concat(_results.Taken.OfType<T>()).Where(m => run(m) == runId)];

    /// <summary>Every message published so far, of any type, never waiting.</summary>
    public IReadOnlyList<object> PublishedSoFar() => [.. Harness.Published.Select<object>(Snapshot).Select(m => m.Context.Message)];

    /// <summary>
    /// Whether a matching message is published within a few seconds: for asserting that something does
    /// not happen, bounded however busy the bus is (the harness's own wait ends only once it is idle).
    /// </summary>
    public async Task<bool> PublishedSoonAsync<T>(Func<T, bool> match)
        where T : class
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        return await Harness.Published.Any<T>(m => match(m.Context.Message), bound.Token);
    }

    private static readonly CancellationToken Snapshot = new(canceled: true);

    public async ValueTask DisposeAsync()
    {
        // Bounded: stopping the second harness of a test process sometimes stalls for minutes inside
        // MassTransit (seen only under the test harness; the runs themselves are over by then).
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _provider.GetRequiredService<RunTimers>().StopAsync(bound.Token);
        await _provider.GetRequiredService<RunLocks>().StopAsync(bound.Token);
        var stopped = Harness.Stop();
        await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(10)));
        if (stopped.IsCompleted)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>Step results the saga took through the mediator (a batch counted as its parts).</summary>
    private sealed class ResultRecorder : IConsumeObserver
    {
        public System.Collections.Concurrent.ConcurrentQueue<object> Taken { get; } = new();

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            switch (context.Message)
            {
                case AttemptsReported batch:
                    foreach (var result in batch.Succeeded.Cast<object>().Concat(batch.Failed).Concat(batch.Cancelled))
                    {
                        Taken.Enqueue(result);
                    }

                    break;
                case StepSucceeded or StepFailed or StepCancelled:
                    Taken.Enqueue(context.Message);
                    break;
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
