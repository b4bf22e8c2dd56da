// Submits a pipeline to the Coordinator over RabbitMQ and waits for the run to finish.
//   dotnet run --project examples/submit-client -- examples/hello.yaml [amqp://guest:guest@localhost:5672/]
using MassTransit;
using Platform.Contracts;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: submit-client PIPELINE.yaml [AMQP_URL]");
    return 2;
}

var broker = new Uri(args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("RABBITMQ_URL") ?? "amqp://guest:guest@localhost:5672/");
var runId = Guid.NewGuid();
var finished = new TaskCompletionSource<RunFinished>();

var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
{
    rabbit.Host(broker);
    // A private queue that goes away with this client; it sees every run's end and keeps ours.
    rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition(), endpoint => endpoint.Handler<RunFinished>(context =>
    {
        if (context.Message.RunId == runId)
        {
            finished.TrySetResult(context.Message);
        }

        return Task.CompletedTask;
    }));
});

// The private queue is gone while the broker restarts; the run may end just then. So after every
// reconnect (its endpoint becomes ready again), and every 15 s in case one went unseen, ask a
// Coordinator how the run stands: the client always ends.
var reconnected = new SemaphoreSlim(0);
var readyCount = 0;
bus.ConnectReceiveEndpointObserver(new ReadyObserver(() =>
{
    if (Interlocked.Increment(ref readyCount) > 1)
    {
        reconnected.Release();
    }
}));

await bus.StartAsync();
try
{
    await bus.Publish(new SubmitRun(runId, await File.ReadAllTextAsync(args[0]), args[0], new Dictionary<string, string>(), DateTimeOffset.UtcNow));
    Console.WriteLine($"submitted run {runId}");
    var outcomes = bus.CreateRequestClient<GetRunOutcome>(RequestTimeout.After(s: 10));
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(30);
    while (!finished.Task.IsCompleted && DateTime.UtcNow < deadline)
    {
        await Task.WhenAny(finished.Task, reconnected.WaitAsync(TimeSpan.FromSeconds(15)));
        if (finished.Task.IsCompleted)
        {
            break;
        }

        try
        {
            var answer = await outcomes.GetResponse<RunOutcome>(new GetRunOutcome(runId));
            if (answer.Message.Finished is { } missed)
            {
                finished.TrySetResult(missed);
            }
        }
        catch (RequestTimeoutException)
        {
            // No Coordinator answered yet: ask again later.
        }
    }

    var run = await finished.Task.WaitAsync(TimeSpan.FromSeconds(1));
    foreach (var step in run.Steps)
    {
        Console.WriteLine($"{step.Id,-24} {step.Status}");
    }

    if (run.ReportPages > 0)
    {
        // A long report comes in RunReportPage messages (consume them to print every row); the counts
        // and the first failed steps travel with RunFinished.
        Console.WriteLine($"{run.ReportPages} report pages: {string.Join(", ", run.StepCounts!.Select(c => $"{c.Value} {c.Key}"))}");
        foreach (var step in run.FailedSteps ?? [])
        {
            Console.WriteLine($"{step.Id,-24} {step.Status}");
        }
    }

    Console.WriteLine($"run {run.RunId} {run.Status}");
    return run.Status == "succeeded" ? 0 : 1;
}
finally
{
    await bus.StopAsync();
}
