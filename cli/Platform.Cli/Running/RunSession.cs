using System.Runtime.InteropServices;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.InProcess;

namespace Platform.Cli.Running;

/// <summary>
/// Hosts a bus, submits the run and follows it to its end. Embedded: Coordinator, Executor and
/// Notifier in this process over MassTransit's in-memory transport. With a broker: only a client,
/// talking to the services over RabbitMQ. Ctrl-C cancels the run (a second Ctrl-C also stops
/// <c>finally</c>); the process waits for the run to end either way, so nothing is left running.
/// </summary>
internal sealed class RunSession(RunRequest request, TextWriter stderr, StartupWarmUp? warmUp = null)
{
    public async Task<RunFinishedOrRejected> RunAsync()
    {
        var watch = new RunWatch(request.RunId, new ProgressPrinter(stderr, request.ShowLogs, request.Name));
        using var host = BuildHost(watch);
        warmUp?.Built(host.Services);
        StartupTrace.Mark(stderr, "host built");
        IBus? submitted = null; // set, under the lock, once the submission is out
        PosixSignal? early = null; // a signal that came before it
        var submitting = new Lock();
        var cancels = 0;
        var gaveUp = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true; // keep the process alive until the run has really ended
            var n = Interlocked.Increment(ref cancels);
            IBus? bus;
            lock (submitting)
            {
                bus = submitted;
                if (bus is null)
                {
                    // Still starting or submitting: the run is cancelled right after its submission. Over a broker
                    // a Coordinator may already have it (a submission can be delivered before its publish is
                    // confirmed): that is asked then, not assumed.
                    early ??= signal.Signal;
                    return;
                }
            }

            if (request.BrokerUrl is not null && !watch.Answered.IsCompleted)
            {
                // Nobody has answered yet: cancel (the cancel goes after the submission, so a Coordinator
                // that starts later ends the run at once), and unless an answer arrives right away —
                // the run may have started just now — there is no run to wait for.
                _ = bus.Publish(new CancelRun(request.RunId, $"{signal.Signal} received"));
                var signalName = signal.Signal;
                _ = WithdrawUnlessKnownAsync(bus, watch, () => gaveUp.TrySetResult($"{signalName} received before a Coordinator answered: the run was withdrawn"));
                return;
            }

            // The cancel goes out before anything is written: a full stderr pipe must not hold it back.
            _ = bus.Publish(new CancelRun(request.RunId, n == 1 ? $"{signal.Signal} received" : $"{signal.Signal} received again"));
            var said = n == 1
                ? $"{signal.Signal}: cancelling the run (again to stop the finally steps too)…"
                : $"{signal.Signal}: stopping the finally steps…";
            _ = Task.Run(() => watch.Progress.Line(said));
        }

        // Ctrl-C in a terminal, or SIGTERM from a supervisor: both cancel the run cleanly. Registered before
        // the bus starts, so a signal in that window is handled too rather than killing the process.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var busStart = host.Services.GetService<BusStart>(); // embedded only
        var startedEarly = busStart is not null && !request.Attach && !request.Resume ? StartBeforeTheBus(host.Services, busStart, Submission()) : null;
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        finally
        {
            busStart?.Open();
        }

        StartupTrace.Mark(stderr, "host started");
        var bus = host.Services.GetRequiredService<IBus>();
        try
        {
            if (gaveUp.Task.IsCompleted)
            {
                return new RunFinishedOrRejected(null, null, await gaveUp.Task.ConfigureAwait(false), Answered: false);
            }

            if (request.Attach)
            {
                // Following only: the run's state comes from a Coordinator (below) and its events.
            }
            else if (request.Resume)
            {
                // The executors of the run's first process died with it: every attempt that was out runs again.
                await bus.Publish(new ResumeRun(request.RunId, ExecutorsLost: request.BrokerUrl is null, request.Secrets)).ConfigureAwait(false);
            }
            else if (startedEarly is not null)
            {
                try
                {
                    await startedEarly.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The saga could not take the run even after its retries: said in one line, not lost.
                    return new RunFinishedOrRejected(null, null, $"the run could not be started: {e.Message}", Answered: false);
                }
            }
            else
            {
                // With --timeout the submission expires in the queue when nobody took it in time: withdrawn.
                await bus.Publish(Submission(), publish => publish.TimeToLive = request.Timeout).ConfigureAwait(false);
            }

            StartupTrace.Mark(stderr, "run submitted");
            if (request.CancelReason is { } cancelReason)
            {
                await bus.Publish(new CancelRun(request.RunId, cancelReason)).ConfigureAwait(false);
            }

            PosixSignal? signalledMeanwhile;
            lock (submitting)
            {
                submitted = bus;
                signalledMeanwhile = early;
            }

            if (signalledMeanwhile is { } meanwhile)
            {
                await bus.Publish(new CancelRun(request.RunId, $"{meanwhile} received")).ConfigureAwait(false);
                if (request.BrokerUrl is not null && !watch.Answered.IsCompleted)
                {
                    // Withdrawn unless a Coordinator already has the run: then it ends cancelled, and is reported so.
                    _ = WithdrawUnlessKnownAsync(bus, watch, () => gaveUp.TrySetResult($"{meanwhile} received before a Coordinator answered: the run was withdrawn"));
                }
                else
                {
                    watch.Progress.Line($"{meanwhile}: cancelling the run (again to stop the finally steps too)…");
                }
            }

            using var following = new CancellationTokenSource();
            var reconnects = new EndpointReconnects();
            using var observer = bus.ConnectReceiveEndpointObserver(reconnects);
            if (request.BrokerUrl is not null)
            {
                _ = WarnIfNobodyAnswers(watch);
                _ = MissedOutcomeCheck.RunAsync(bus, reconnects, watch, following.Token, askAtOnce: request.Attach);
            }

            var timedOut = request.Timeout is { } limit ? Task.Delay(limit) : Task.Delay(Timeout.Infinite);
            var done = await Task.WhenAny(watch.Finished, watch.Rejected, gaveUp.Task, timedOut).ConfigureAwait(false);
            await following.CancelAsync().ConfigureAwait(false);
            if (done == timedOut)
            {
                var answered = watch.Answered.IsCompleted;
                var shown = Pipelines.Engine.Durations.Format(request.Timeout!.Value);
                await bus.Publish(new CancelRun(request.RunId, $"the client's --timeout of {shown} passed")).ConfigureAwait(false);
                return new RunFinishedOrRejected(null, null, answered
                    ? $"--timeout {shown} passed: the run was asked to cancel"
                    : $"no Coordinator answered within --timeout {shown}: the run was withdrawn", answered);
            }

            if (done == gaveUp.Task)
            {
                return new RunFinishedOrRejected(null, null, await gaveUp.Task.ConfigureAwait(false), Answered: false);
            }

            return done == watch.Finished
                ? new RunFinishedOrRejected(await watch.Finished.ConfigureAwait(false), null)
                : new RunFinishedOrRejected(null, await watch.Rejected.ConfigureAwait(false));
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    private SubmitRun Submission() =>
        new(request.RunId, request.PipelineYaml, request.File, request.Inputs, DateTimeOffset.UtcNow, request.Name, request.Secrets,
            request.ConcurrencyCap, request.RerunOf, request.Reused);

    /// <summary>
    /// Embedded, a new run does not wait for the bus: building MassTransit's endpoints is most of a fresh
    /// process's start. While the host builds and starts the bus on this thread, another one starts the
    /// Executor's in-process steps and hands the submission to the run saga through the mediator, as the
    /// results go: the same saga, definition (the submission check, retry, outbox, one run at a time) and
    /// repository decide, and the run goes on; what it publishes meanwhile waits (<see cref="BusStart"/>)
    /// until the bus listens, and goes out in order. Completes once the saga has taken the submission.
    /// </summary>
    private Task StartBeforeTheBus(IServiceProvider services, BusStart busStart, SubmitRun submission)
    {
        busStart.Hold();
        return Task.Run(async () =>
        {
            // The workspaces killed Executors left go first, as the host removes them: not this run's workspace afterwards.
            services.GetRequiredService<Platform.Executor.Workspaces.RunWorkspaces>().RemoveLeftovers();
            await services.GetRequiredService<Platform.Executor.Running.InProcessSteps>().StartAsync(CancellationToken.None).ConfigureAwait(false);
            StartupTrace.Mark(stderr, "early: executor");
            var mediator = services.GetRequiredService<MassTransit.Mediator.IMediator>();
            StartupTrace.Mark(stderr, "early: mediator");
            await mediator.Publish(submission).ConfigureAwait(false);
            StartupTrace.Mark(stderr, "early: submitted");
        });
    }

    /// <summary>
    /// No event of the run has come yet: a busy machine may simply not have delivered them. A Coordinator
    /// that knows the run says so (the run is then followed to its cancelled end); only when none does
    /// within a few seconds was the run withdrawn.
    /// </summary>
    private static async Task WithdrawUnlessKnownAsync(IBus bus, RunWatch watch, Action withdraw)
    {
        var asked = bus.CreateRequestClient<GetRunOutcome>(RequestTimeout.After(s: 3)).GetResponse<RunOutcome>(new GetRunOutcome(watch.RunId));
        await Task.WhenAny(watch.Answered, Task.WhenAll(asked, Task.Delay(TimeSpan.FromSeconds(3)))).ConfigureAwait(false);
        if (!watch.Answered.IsCompleted && asked.IsCompletedSuccessfully && asked.Result.Message.Status != "unknown")
        {
            watch.OnAnswered();
        }

        if (!watch.Answered.IsCompleted)
        {
            withdraw();
        }
    }

    private async Task WarnIfNobodyAnswers(RunWatch watch)
    {
        var first = await Task.WhenAny(watch.Finished, watch.Rejected, Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
        if (first is not Task<RunFinished> and not Task<RunRejected> && !watch.Answered.IsCompleted)
        {
            watch.Progress.Line($"no answer from a Coordinator at {RabbitMqSettings.Mask(request.BrokerUrl!)} yet: is it running? (still waiting; Ctrl-C or --timeout to give up)");
        }
    }

    private IHost BuildHost(RunWatch watch)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Settings such as PLATFORM_Coordinator__MaxStepsPerRun=200000 reach the embedded services.
        builder.Configuration.AddEnvironmentVariables("PLATFORM_");
        builder.Logging.ClearProviders();
        // MassTransit's own warnings while a broker restarts are stack traces of each reconnect attempt: the
        // CLI rides them out (and fetches a missed end afterwards), so only its errors reach the user.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter((category, level) => level >= (category?.StartsWith("MassTransit", StringComparison.Ordinal) == true ? LogLevel.Error : LogLevel.Warning));
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(watch);
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });

        var embedded = request.BrokerUrl is null;
        if (embedded)
        {
            EmbeddedServices.AddServices(builder.Services, request.ExecutorSlots, request.Store ?? Storage.Sqlite.SqliteRunStore.DefaultPath, request.KeepWorkspace);
        }

        // Several clients may follow one run: each attached one has a queue of its own.
        var endpointName = $"platform-cli-{(request.Attach ? Guid.NewGuid() : request.RunId):N}";
        builder.Services.AddPlatformMassTransit(bus =>
        {
            if (embedded)
            {
                // One process, one run: this CLI's own endpoint on the in-memory bus, one message at a time, so
                // progress (which comes in several messages at once) is printed in the order it happened.
                void OwnEndpoint(IEndpointRegistrationConfigurator e)
                {
                    e.Name = endpointName;
                    e.Temporary = true;
                    e.ConcurrentMessageLimit = 1;
                }

                bus.AddConsumer<RunEventsConsumer>().Endpoint(OwnEndpoint);
                if (request.ShowLogs)
                {
                    bus.AddConsumer<LiveLogConsumer>().Endpoint(OwnEndpoint);
                }

                EmbeddedServices.AddConsumers(bus);
                bus.UsingInMemory((context, memory) =>
                {
                    var busStart = context.GetRequiredService<BusStart>();
                    memory.ConfigurePublish(p => p.UseFilter(busStart));
                    memory.ConfigureSend(p => p.UseFilter(busStart));
                    memory.ConfigureEndpoints(context);
                });
            }
            else
            {
                // A private, auto-deleted queue, bound to this run's events only (RunRouting).
                bus.AddConsumer<RunEventsConsumer>().ExcludeFromConfigureEndpoints();
                if (request.ShowLogs)
                {
                    bus.AddConsumer<LiveLogConsumer>().ExcludeFromConfigureEndpoints();
                }

                var settings = RabbitMqSettings.Parse(request.BrokerUrl!);
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(settings);
                    rabbit.ReceiveEndpoint(endpointName, e =>
                    {
                        e.Durable = false;
                        e.AutoDelete = true;
                        e.ConfigureConsumeTopology = false;
                        e.ConcurrentMessageLimit = 1; // in order, as above
                        e.FollowRun<RunStarted>(rabbit, request.RunId);
                        e.FollowRun<RunProgressed>(rabbit, request.RunId);
                        e.FollowRun<RunFinished>(rabbit, request.RunId);
                        e.FollowRun<RunReportPage>(rabbit, request.RunId);
                        e.FollowRun<RunRejected>(rabbit, request.RunId);
                        e.FollowRun<StepResourcesSampled>(rabbit, request.RunId);
                        e.ConfigureConsumer<RunEventsConsumer>(context);
                        if (request.ShowLogs)
                        {
                            e.FollowRun<StepLogs>(rabbit, request.RunId);
                            e.ConfigureConsumer<LiveLogConsumer>(context);
                        }
                    });
                    rabbit.ConfigureEndpoints(context);
                });
            }
        });
        return builder.Build();
    }
}
