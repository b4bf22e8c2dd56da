using System.Runtime.InteropServices;

namespace Platform.Executor.Running;

/// <summary>What <see cref="SleepTimer"/>'s thread waits on: until a deadline, or until it is told a new one came.</summary>
internal interface ITimerWakeup : IDisposable
{
    /// <summary>Ends the current (or next) <see cref="Wait"/>.</summary>
    void Set();

    /// <summary>Waits at least <paramref name="nanoseconds"/> (negative: until <see cref="Set"/>), or until <see cref="Set"/>.</summary>
    void Wait(long nanoseconds);
}

/// <summary>Where it is available (Linux): an eventfd polled with a nanosecond timeout and 1 µs of timer slack, so a sleep ends within tens of microseconds of its deadline.</summary>
internal sealed partial class EventFdWakeup : ITimerWakeup
{
    private const int CloseOnExec = 0x80000, NonBlocking = 0x800; // EFD_CLOEXEC, EFD_NONBLOCK
    private const short Readable = 0x1; // POLLIN
    private const int SetTimerSlack = 29; // PR_SET_TIMERSLACK
    private readonly int _fd;
    private bool _slackSet;

    private EventFdWakeup(int fd) => _fd = fd;

    /// <summary>An eventfd wake-up, or null where the kernel or libc has none.</summary>
    public static EventFdWakeup? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var fd = EventFd(0, CloseOnExec | NonBlocking);
            return fd >= 0 ? new EventFdWakeup(fd) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    public unsafe void Set()
    {
        ulong one = 1;
        _ = Write(_fd, &one, sizeof(ulong));
    }

    public unsafe void Wait(long nanoseconds)
    {
        if (!_slackSet)
        {
            _ = Prctl(SetTimerSlack, 1000, 0, 0, 0); // for the waiting thread only: 1 µs instead of 50
            _slackSet = true;
        }

        var poll = new PollFd { Fd = _fd, Events = Readable };
        var timeout = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = PPoll(&poll, 1, nanoseconds < 0 ? null : &timeout, null);
        if ((poll.Revents & Readable) != 0)
        {
            ulong count;
            _ = Read(_fd, &count, sizeof(ulong)); // back to unset
        }
    }

    public void Dispose() => _ = Close(_fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "eventfd")]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "ppoll")]
    private static unsafe partial int PPoll(PollFd* fds, nuint count, TimeSpec* timeout, void* signals);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write")]
    private static unsafe partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong a2, ulong a3, ulong a4, ulong a5);
}

/// <summary>Elsewhere: an event waited on in whole milliseconds, rounded up so a sleep never ends early.</summary>
internal sealed class EventWakeup : ITimerWakeup
{
    private readonly AutoResetEvent _changed = new(false);

    public void Set() => _changed.Set();

    public void Wait(long nanoseconds) =>
        _changed.WaitOne(nanoseconds < 0 ? Timeout.Infinite : (int)Math.Min(int.MaxValue, (nanoseconds + 999_999) / 1_000_000));

    public void Dispose() => _changed.Dispose();
}
