using System.Text;

namespace Platform.Executor.Running;

/// <summary>
/// Keeps the last <c>capacity</c> bytes written to it (a ring buffer), so a chatty step costs
/// bounded memory and the log shows how it ended. Safe for concurrent writers (stdout and stderr).
/// </summary>
public sealed class LogTail(int capacity)
{
    readonly byte[] _buffer = new byte[Math.Max(1, capacity)];
    readonly Lock _gate = new();
    int _next;
    long _total;

    public long TotalBytes
    {
        get
        {
            lock (_gate)
                return _total;
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            _total += data.Length;
            if (data.Length >= _buffer.Length)
            {
                data[^_buffer.Length..].CopyTo(_buffer);
                _next = 0;
                return;
            }

            var first = Math.Min(data.Length, _buffer.Length - _next);
            data[..first].CopyTo(_buffer.AsSpan(_next));
            data[first..].CopyTo(_buffer);
            _next = (_next + data.Length) % _buffer.Length;
        }
    }

    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    /// <summary>The kept bytes as text, preceded by a marker line when earlier output was dropped.</summary>
    public override string ToString()
    {
        byte[] bytes;
        long dropped;
        lock (_gate)
        {
            var kept = (int)Math.Min(_total, _buffer.Length);
            dropped = _total - kept;
            bytes = new byte[kept];
            if (_total <= _buffer.Length)
            {
                _buffer.AsSpan(0, kept).CopyTo(bytes);
            }
            else
            {
                _buffer.AsSpan(_next).CopyTo(bytes);
                _buffer.AsSpan(0, _next).CopyTo(bytes.AsSpan(_buffer.Length - _next));
            }
        }

        if (dropped == 0)
            return Encoding.UTF8.GetString(bytes);

        // The cut may fall inside a UTF-8 sequence: skip its continuation bytes.
        var start = 0;
        while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80)
            start++;
        return $"[... {dropped + start} earlier bytes dropped ...]\n" + Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
