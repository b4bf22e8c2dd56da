using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Platform.Notifier.Tests;

/// <summary>A local HTTP endpoint that records request bodies and answers with scripted status codes.</summary>
internal sealed class WebhookServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly int _otherwise;

    public WebhookServer(int otherwise = 200, params int[] first)
    {
        _otherwise = otherwise;
        _statuses = new Queue<int>(first);
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            Bodies.Enqueue(await reader.ReadToEndAsync());
            lock (_statuses)
            {
                context.Response.StatusCode = _statuses.Count > 0 ? _statuses.Dequeue() : _otherwise;
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}
