using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Contracts;

namespace Platform.Notifier.Delivery;

/// <summary>
/// POSTs <see cref="WebhookPayload"/> as JSON. Retries and timeouts live in the named client's
/// resilience pipeline (see AddNotifier); a non-2xx answer after the retries throws.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClientFactory) : INotificationSender
{
    public const string HttpClientName = "Platform.Notifier.Webhook";

    /// <summary>Lets a receiver drop a POST it already processed (e.g. its 500 came after the work).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public NotificationKind Kind => NotificationKind.Webhook;

    public async Task<DeliveryResult> SendAsync(RunFinished run, NotificationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(target);

        if (!Uri.TryCreate(target.Destination, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"Webhook '{target.Destination}' is not an absolute http(s) URL.");
        }

        // Bytes rather than a streaming JsonContent: the retry strategy resends the same body.
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.Of(run), JsonOptions);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body)
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, $"{run.RunId:D}:{run.Status}");

        var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return DeliveryResult.Sent;
    }
}
