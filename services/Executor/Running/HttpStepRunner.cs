using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Contracts;

namespace Platform.Executor.Running;

/// <summary>
/// Runs an <c>http:</c> step. Success is a status in <c>Expect</c> (any 2xx when empty). Outputs:
/// <c>status</c>, and <c>body</c> when the body fits <see cref="ExecutorOptions.MaxHttpBodyOutputBytes"/>.
/// The client has no retry handler and no timeout of its own: the step's <c>retry</c> and
/// <c>timeout</c> govern, and a POST must not be repeated behind the pipeline's back.
/// </summary>
public sealed class HttpStepRunner(IHttpClientFactory clients, IOptions<ExecutorOptions> options) : IStepRunner
{
    public const string HttpClientName = "platform-http-step";

    public bool CanRun(ExecuteStep step) => step.Http is not null;

    public async Task<StepResult> RunAsync(ExecuteStep step, CancellationToken cancellation)
    {
        var spec = step.Http!;
        var settings = options.Value;
        if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return StepResult.Failed(null, $"'{spec.Url}' is not an absolute http(s) URL", "");

        var method = new HttpMethod(string.IsNullOrWhiteSpace(spec.Method) ? "GET" : spec.Method.Trim().ToUpperInvariant());
        var log = new LogTail(settings.MaxLogBytes);
        try
        {
            using var request = CreateRequest(method, url, spec);
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            var status = (int)response.StatusCode;
            log.Append(string.Create(CultureInfo.InvariantCulture, $"{method} {url} -> {status} {response.ReasonPhrase}\n"));

            var body = await ReadBodyAsync(response, log, settings.MaxHttpBodyOutputBytes, cancellation);
            var accepted = spec.Expect.Count == 0 ? status is >= 200 and <= 299 : spec.Expect.Contains(status);
            if (!accepted)
            {
                var expected = spec.Expect.Count == 0 ? "2xx" : string.Join(", ", spec.Expect);
                return StepResult.Failed(null, $"HTTP {status} {response.ReasonPhrase}, expected {expected}", log.ToString());
            }

            var outputs = new Dictionary<string, string> { ["status"] = status.ToString(CultureInfo.InvariantCulture) };
            if (body is not null)
                outputs["body"] = body;
            return StepResult.Succeeded(null, outputs, log.ToString());
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return StepResult.Cancelled(log.ToString());
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException)
        {
            return StepResult.Failed(null, $"{method} {url} failed: {exception.Message}", log.ToString());
        }
    }

    static HttpRequestMessage CreateRequest(HttpMethod method, Uri url, HttpRequestSpec spec)
    {
        var request = new HttpRequestMessage(method, url);
        if (spec.Body is not null)
            request.Content = new StringContent(spec.Body, Encoding.UTF8);

        foreach (var (name, value) in spec.Headers)
        {
            if (request.Headers.TryAddWithoutValidation(name, value))
                continue;

            // Content-Type, Content-Length and friends belong to the content.
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.Remove(name);
            if (!request.Content.Headers.TryAddWithoutValidation(name, value))
                throw new InvalidOperationException($"header '{name}' cannot be set");
        }

        return request;
    }

    /// <summary>Streams the body into the log tail; returns it as text when it fits <paramref name="maxOutputBytes"/>.</summary>
    static async Task<string?> ReadBodyAsync(HttpResponseMessage response, LogTail log, int maxOutputBytes, CancellationToken cancellation)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
        using var head = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
        {
            log.Append(buffer.AsSpan(0, read));
            if (head.Length <= maxOutputBytes)
                head.Write(buffer, 0, read);
        }

        if (head.Length > maxOutputBytes)
            return null;

        var charset = response.Content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? Encoding.UTF8 : GetEncodingOrUtf8(charset);
        return encoding.GetString(head.GetBuffer(), 0, (int)head.Length);
    }

    static Encoding GetEncodingOrUtf8(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
