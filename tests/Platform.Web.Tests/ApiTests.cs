using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Web.Tests;

/// <summary>The HTTP API of <c>platform serve</c>, as a script or another service uses it.</summary>
public sealed class ApiTests(ServeProcess serve)
{
    [Fact]
    public async Task A_call_without_the_right_token_is_401_and_starts_no_run()
    {
        using var anonymous = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var yaml = "id: never-run\nsteps:\n  - { id: a, run: echo no }\n";
        using var missing = await anonymous.PostAsJsonAsync("/api/runs", new { pipeline = yaml });
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-token");
        using var wrong = await anonymous.PostAsJsonAsync("/api/runs", new { pipeline = yaml });
        using var wrongRead = await anonymous.GetAsync("/api/runs");
        using var openApi = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongRead.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, openApi.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var client = serve.Client();
        var runs = await client.GetFromJsonAsync<JsonElement>("/api/runs?pipeline=never-run");
        Assert.Empty(runs.GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public async Task A_submitted_run_is_answered_202_then_listed_reported_timed_and_its_step_output_readable()
    {
        using var client = serve.Client();
        var runId = await ApiCalls.SubmitAsync(client, """
            id: api-happy
            inputs:
              greeting: { type: string, default: hi }
            steps:
              - { id: hello, run: 'echo "{{ inputs.greeting }} from hello"' }
              - parallel:
                  - { id: slow, sleep: 1s }
                  - { id: quick, run: echo quick }
              - { id: last, run: echo done }
            """, inputs: new { greeting = "hello" }, runId: "api-happy-1");

        var report = await ApiCalls.FinishedAsync(client, runId);
        Assert.Equal("succeeded", report.Status());
        Assert.Equal("api-happy-1", report.GetProperty("name").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/runs?q=api-happy-1");
        var listed = Assert.Single(list.GetProperty("runs").EnumerateArray());
        Assert.Equal(runId, listed.GetProperty("runId").GetString());
        Assert.Equal("succeeded", listed.GetProperty("status").GetString());

        var logs = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/steps/hello/logs");
        Assert.Contains("hello from hello", string.Concat(logs.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("text").GetString())));

        // Every step's bar: queued (ready, not yet taken by an Executor) then running.
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/timeline");
        var rows = timeline.GetProperty("rows").EnumerateArray().ToList();
        var slow = rows.Single(r => r.GetProperty("id").GetString() == "slow");
        Assert.Equal(1, slow.GetProperty("depth").GetInt32());
        Assert.Equal(["queued", "running"], slow.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        // The branch that ended last is what `last` waited for (slow sleeps 1 s, quick echoes: slow, unless the machine stalled quick).
        var branch = rows.Where(r => r.GetProperty("id").GetString() is "slow" or "quick")
            .OrderBy(r => r.GetProperty("finishedAt").GetDateTimeOffset()).Last();
        var waitedFor = branch.GetProperty("id").GetString();
        Assert.Equal(["hello", waitedFor, "last"], timeline.GetProperty("criticalPath").EnumerateArray().Select(s => s.GetString()));
        Assert.True(branch.GetProperty("critical").GetBoolean());
    }

    [Fact]
    public async Task A_retried_step_shows_each_attempt_as_its_own_segment_with_the_back_off_between()
    {
        using var client = serve.Client();
        var marker = Path.Combine(serve.PipelineFolder, $"tried-{Guid.NewGuid():N}");
        var runId = await ApiCalls.SubmitAsync(client, $$"""
            id: api-retry
            steps:
              - id: flaky
                run: 'test -f {{marker}} || { touch {{marker}}; exit 1; }'
                retry: { attempts: 2, delay: 500ms }
            """);
        Assert.Equal("succeeded", (await ApiCalls.FinishedAsync(client, runId)).Status());

        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/timeline");
        var flaky = timeline.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "flaky");
        var segments = flaky.GetProperty("segments").EnumerateArray()
            .Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("attempt").GetInt32(), s.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([("queued", 1, null), ("running", 1, "failed"), ("retry-wait", 1, null), ("queued", 2, null), ("running", 2, "succeeded")], segments);
    }

    [Fact]
    public async Task A_dag_and_a_forEach_are_drawn_nested_with_their_needs_and_each_items_steps_on_the_run_page()
    {
        using var client = serve.Client();
        var runId = await ApiCalls.SubmitAsync(client, """
            id: api-shapes
            steps:
              - dag:
                  steps:
                    - { id: build, run: echo build }
                    - { id: unit, needs: [build], run: echo unit }
                    - { id: lint, needs: [unit], run: echo lint }
                    - { id: report, needs: [unit, lint], run: echo report }
              - forEach:
                  items: [eu, us]
                  steps:
                    - { id: deploy, run: 'echo "deploy {{ item }}"' }
            """);
        Assert.Equal("succeeded", (await ApiCalls.FinishedAsync(client, runId)).Status());

        var page = await client.GetStringAsync($"/runs/{runId}");
        Assert.Contains("""<span class="needs">unit, lint →</span>""", page, StringComparison.Ordinal);
        Assert.Contains("data-step=\"deploy[1]\" data-status=\"succeeded\"", page, StringComparison.Ordinal);
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/timeline");
        var deploy = timeline.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "deploy[1]");
        Assert.Equal(2, deploy.GetProperty("depth").GetInt32()); // forEach → its item → the step
        // report waits for both of its needs; lint needs unit, so lint is the one that let it start, whatever the machine's speed.
        Assert.Equal(["build", "unit", "lint", "report"], timeline.GetProperty("criticalPath").EnumerateArray().Take(4).Select(s => s.GetString()));
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_filtered_by_pipeline_status_and_text_one_page_at_a_time()
    {
        using var client = serve.Client();
        var pipeline = $"api-list-{Guid.NewGuid():N}"[..20];
        var failed = await ApiCalls.SubmitAsync(client, $"id: {pipeline}\nsteps:\n  - {{ id: a, run: exit 1 }}\n");
        await ApiCalls.FinishedAsync(client, failed);
        var succeeded = await ApiCalls.SubmitAsync(client, $"id: {pipeline}\nsteps:\n  - {{ id: a, run: exit 0 }}\n", runId: $"{pipeline}-ok");
        await ApiCalls.FinishedAsync(client, succeeded);

        static IEnumerable<string?> Ids(JsonElement list) => list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString());
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/runs?pipeline={pipeline}");
        var onlyFailed = await client.GetFromJsonAsync<JsonElement>($"/api/runs?pipeline={pipeline}&status=failed");
        var byName = await client.GetFromJsonAsync<JsonElement>($"/api/runs?q={pipeline}-ok");
        var first = await client.GetFromJsonAsync<JsonElement>($"/api/runs?pipeline={pipeline}&pageSize=1");
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/runs?pipeline={pipeline}&pageSize=1&page=1");
        using var badStatus = await client.GetAsync("/api/runs?status=exploded");

        Assert.Equal([succeeded, failed], Ids(all));
        Assert.Equal([failed], Ids(onlyFailed));
        Assert.Equal([succeeded], Ids(byName));
        Assert.Equal([succeeded], Ids(first));
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal([failed], Ids(second));
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task A_bad_pipeline_is_a_problem_with_the_validators_file_line_col_messages()
    {
        using var client = serve.Client();
        using var response = await client.PostAsJsonAsync("/api/runs", new { pipeline = "id: bad\nsteps:\n  - { id: a, rn: echo }\n" });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("pipeline.yaml:3:", StringComparison.Ordinal)
            && e.GetString()!.Contains("did you mean 'run'", StringComparison.Ordinal));

        using var validate = await client.PostAsJsonAsync("/api/pipelines/validate", new { pipeline = "id: bad\nsteps:\n  - { id: a, rn: echo }\n" });
        Assert.Equal(HttpStatusCode.BadRequest, validate.StatusCode);
        using var valid = await client.PostAsJsonAsync("/api/pipelines/validate", new { pipeline = "id: good\nsteps:\n  - { id: a, run: echo }\n" });
        Assert.Equal("good", (await valid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pipeline").GetString());
    }

    [Fact]
    public async Task A_waiting_gate_is_approved_through_the_api_and_a_decision_that_cannot_count_is_409()
    {
        using var client = serve.Client();
        var runId = await ApiCalls.SubmitAsync(client, """
            id: api-gate
            steps:
              - { id: gate, approval: { message: Ship it?, timeout: 10m } }
              - { id: ship, run: echo shipped }
            """);
        await ApiCalls.ReportAsync(client, runId, r => r.Step("gate").GetProperty("status").GetString() == "waiting");

        using var early = await client.PostAsJsonAsync($"/api/runs/{runId}/steps/ship/approve", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        using var approve = await client.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/approve", new { approve = true, comment = "looks good", by = "alice" });
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);

        var report = await ApiCalls.FinishedAsync(client, runId);
        Assert.Equal("succeeded", report.Status());
        var approval = report.Step("gate").GetProperty("approval");
        Assert.Equal("approved", approval.GetProperty("decision").GetString());
        Assert.Equal("alice", approval.GetProperty("by").GetString());
    }

    [Fact]
    public async Task A_live_run_is_cancelled_through_the_api_and_a_finished_one_is_409()
    {
        using var client = serve.Client();
        var runId = await ApiCalls.SubmitAsync(client, "id: api-cancel\nsteps:\n  - { id: long, sleep: 10m }\nfinally:\n  - { id: cleanup, run: echo cleaned }\n");
        await ApiCalls.ReportAsync(client, runId, r => r.Step("long").GetProperty("status").GetString() == "running");

        using var cancel = await client.PostAsJsonAsync($"/api/runs/{runId}/cancel", new { reason = "not today" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var report = await ApiCalls.FinishedAsync(client, runId);
        Assert.Equal("cancelled", report.Status());
        Assert.Equal("succeeded", report.Step("cleanup").GetProperty("status").GetString());

        using var again = await client.PostAsync($"/api/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Rerun_failed_runs_only_what_failed_and_takes_over_the_successes()
    {
        using var client = serve.Client();
        var marker = Path.Combine(serve.PipelineFolder, $"marker-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(Path.Combine(serve.PipelineFolder, "flaky.yaml"), $"""
            id: api-rerun
            steps:
              - {"{"} id: build, run: echo built {"}"}
              - {"{"} id: test, run: 'test -f {marker}' {"}"}
            """);
        using var submitted = await client.PostAsJsonAsync("/api/runs", new { file = "flaky.yaml" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        Assert.Equal("failed", (await ApiCalls.FinishedAsync(client, runId)).Status());

        await File.WriteAllTextAsync(marker, "");
        using var rerun = await client.PostAsync($"/api/runs/{runId}/rerun", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var newId = (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        var report = await ApiCalls.FinishedAsync(client, newId);

        Assert.Equal("succeeded", report.Status());
        Assert.Equal(runId, report.GetProperty("rerunOf").GetString());
        Assert.Equal(runId, report.Step("build").GetProperty("reusedFrom").GetString());

        using var outside = await client.PostAsJsonAsync("/api/runs", new { file = "../../etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
    }

    [Fact]
    public async Task Simulate_shows_the_critical_path_and_the_wall_time_as_declared_with_a_group_toggled_and_all_sequential()
    {
        using var client = serve.Client();
        using var response = await client.PostAsJsonAsync("/api/pipelines/simulate", new
        {
            pipeline = "id: sim\nsteps:\n  - { id: setup, sleep: 1s }\n  - parallel:\n      - { id: a, sleep: 3s }\n      - { id: b, sleep: 5s }\n",
        });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, answer.GetProperty("wallSeconds").GetDouble());
        Assert.Equal(9, answer.GetProperty("sequentialWallSeconds").GetDouble());
        Assert.Equal(["setup", "b"], answer.GetProperty("criticalPath").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["parallel-2"], answer.GetProperty("groups").EnumerateArray().Select(s => s.GetString()));

        using var toggled = await client.PostAsJsonAsync("/api/pipelines/simulate", new
        {
            pipeline = "id: sim\nsteps:\n  - { id: setup, sleep: 1s }\n  - parallel:\n      - { id: a, sleep: 3s }\n      - { id: b, sleep: 5s }\n",
            sequentialGroups = new[] { "parallel-2" },
        });
        var sequential = await toggled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(9, sequential.GetProperty("wallSeconds").GetDouble());
        Assert.Equal(6, sequential.GetProperty("declaredWallSeconds").GetDouble());
    }

    [Fact]
    public async Task The_event_stream_sends_a_finished_runs_output_and_its_end()
    {
        using var client = serve.Client();
        var runId = await ApiCalls.SubmitAsync(client, "id: api-sse\nsteps:\n  - { id: talk, run: echo streamed-line }\n");
        await ApiCalls.FinishedAsync(client, runId);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = await client.GetStringAsync($"/api/runs/{runId}/events", timeout.Token);

        Assert.Contains("event: log", text, StringComparison.Ordinal);
        Assert.Contains("streamed-line", text, StringComparison.Ordinal);
        Assert.Contains("event: end", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_serve_on_a_taken_port_says_so_in_one_line_and_exits_3()
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "platform.dll"), "serve", "--port", serve.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory" })
        {
            info.ArgumentList.Add(arg);
        }

        using var second = System.Diagnostics.Process.Start(info)!;
        var stderr = second.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await second.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            second.Kill(entireProcessTree: true);
            throw;
        }

        Assert.Equal(3, second.ExitCode);
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{serve.BaseAddress.Port}", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_names_every_route()
    {
        using var client = serve.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Subset(paths.ToHashSet(), new HashSet<string>
        {
            "/api/runs", "/api/runs/{id}", "/api/runs/{id}/events", "/api/runs/{id}/steps/{step}/logs", "/api/runs/{id}/cancel",
            "/api/runs/{id}/steps/{step}/approve", "/api/runs/{id}/rerun", "/api/pipelines/validate", "/api/pipelines/simulate",
        });
    }

    [Fact]
    public async Task The_console_takes_the_token_once_keeps_it_in_an_httponly_cookie_and_drops_it_from_the_url()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var first = await browser.GetAsync($"/?token={ServeProcess.Token}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var wrong = await browser.GetAsync("/?token=nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }
}
