using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.ServiceDefaults.InProcess;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Executor.Running;

/// <summary>
/// One attempt's output on its way to the Coordinator while the step runs: bytes are cut into whole
/// lines, gathered, and published as <see cref="StepLogs"/> every batch interval or at the batch size
/// (a line longer than that is cut there), secrets masked. A batch the broker refuses is dropped and
/// counted, and the next batch begins by saying how much was lost: the step never waits on its log.
/// </summary>
public sealed class LiveOutput : IAsyncDisposable
{
    private readonly LateBus? _bus;
    private readonly ExecuteStep _step;
    private readonly TimeProvider _time;
    private readonly int _batchBytes;
    private readonly SecretMasker? _masker;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _batch = new();
    private readonly TimeSpan _interval;
    private ITimer? _timer; // started by the first output: a silent step costs no timer
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private DateTimeOffset? _batchAt;
    private long _sequence;
    private long _lostLines;

    internal LiveOutput(LateBus? bus, ExecuteStep step, TimeProvider time, TimeSpan interval, int batchBytes, ILogger logger)
    {
        _bus = bus;
        _step = step;
        _time = time;
        _batchBytes = Math.Max(1024, batchBytes);
        _masker = step.Secrets is { Count: > 0 } secrets ? new SecretMasker(secrets.Values) : null;
        _logger = logger;
        _interval = interval;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_bus is null)
        {
            return;
        }

        var chars = new char[_decoder.GetCharCount(data, flush: false)];
        _decoder.GetChars(data, chars, flush: false);
        var full = false;
        lock (_gate)
        {
            foreach (var c in chars)
            {
                _line.Append(c);
                if (c == '\n' || _line.Length >= _batchBytes)
                {
                    _batchAt ??= _time.GetUtcNow();
                    _batch.Append(_line);
                    _line.Clear();
                }
            }

            if (_line.Length > 0)
            {
                _batchAt ??= _time.GetUtcNow();
            }

            _timer ??= _time.CreateTimer(_ => _ = FlushAsync(final: false), null, _interval, _interval);

            full = _batch.Length >= _batchBytes;
        }

        if (full)
        {
            _ = FlushAsync(final: false);
        }
    }

    /// <summary>Publishes what has gathered; <paramref name="final"/> also sends an unfinished last line.</summary>
    private async Task FlushAsync(bool final)
    {
        await _publishing.WaitAsync().ConfigureAwait(false);
        try
        {
            string text;
            DateTimeOffset at;
            lock (_gate)
            {
                if (final && _line.Length > 0)
                {
                    _batch.Append(_line);
                    _line.Clear();
                }

                if (_batch.Length == 0)
                {
                    return;
                }

                text = _batch.ToString();
                at = _batchAt ?? _time.GetUtcNow();
                _batch.Clear();
                _batchAt = _line.Length > 0 ? _time.GetUtcNow() : null;
            }

            if (_lostLines > 0)
            {
                text = $"[… {_lostLines} lines of output lost: the broker was unreachable …]\n" + text;
            }

            text = _masker?.Apply(text) ?? text;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _bus!.Bus.Publish(new StepLogs(_step.RunId, _step.StepId, _step.Attempt, _sequence, at, text), timeout.Token).ConfigureAwait(false);
                _sequence++;
                _lostLines = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _lostLines += text.Count(c => c == '\n');
                _logger.LogDebug(e, "Output of {StepId} attempt {Attempt} not sent", _step.StepId, _step.Attempt);
            }
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Stops the timer and sends the rest: the step's output is all out before its result.</summary>
    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_gate)
        {
            timer = _timer;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await FlushAsync(final: true).ConfigureAwait(false);
    }
}
