using System.Buffers.Text;

namespace Platform.Executor.Processes;

/// <summary>
/// The small files the kernel keeps figures in (<c>/proc/PID/io</c>, a cgroup's <c>cpuacct.usage</c>),
/// read with one system call into the caller's stack buffer: they are read for every measured step.
/// </summary>
internal static class KernelFile
{
    /// <summary>Reads <paramref name="path"/> into <paramref name="buffer"/>; the bytes read, or -1 when it cannot be read.</summary>
    /// <remarks>
    /// Straight open/read/close: a measured step's zombie is read once per attempt, and .NET's file opening adds an
    /// fstat and a share-mode flock that kernel files do not need (Resources/MeasurementCost.cs counts it).
    /// </remarks>
    public static unsafe int Read(string path, Span<byte> buffer)
    {
        var fd = NativeMethods.Open(path, NativeMethods.OpenReadOnly | NativeMethods.OpenCloseOnExec);
        if (fd < 0)
            return -1;

        try
        {
            fixed (byte* bytes = buffer)
            {
                return (int)NativeMethods.Read(fd, bytes, buffer.Length) is var read and >= 0 ? read : -1;
            }
        }
        finally
        {
            NativeMethods.Close(fd);
        }
    }

    /// <summary>The number after <paramref name="name"/> at the start of a line of <paramref name="text"/> (the whole text when empty); 0 if absent.</summary>
    public static long Number(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name)
    {
        while (text.Length > 0)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            if (line.StartsWith(name))
            {
                return Utf8Parser.TryParse(line[name.Length..], out long value, out _) ? value : 0;
            }

            text = end < 0 ? [] : text[(end + 1)..];
        }

        return 0;
    }
}
