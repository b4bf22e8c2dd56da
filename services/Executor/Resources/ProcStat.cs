using System.Globalization;
using Platform.Executor.Processes;

namespace Platform.Executor.Resources;

/// <summary>The fields of /proc/PID/stat the sampler uses; times in clock ticks, resident set in pages.</summary>
internal readonly record struct ProcStat(int ParentPid, int GroupId, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks, long StartTicks, long ResidentPages)
{
    public static readonly long TicksPerSecond = Math.Max(1, NativeMethods.Sysconf(NativeMethods.SysconfClockTicks));

    /// <summary>Now, on the clock of starttime (CLOCK_BOOTTIME, in clock ticks).</summary>
    public static unsafe long TicksSinceBoot()
    {
        var time = stackalloc long[2];
        return NativeMethods.ClockGetTime(NativeMethods.ClockBootTime, time) == 0 ? (time[0] * TicksPerSecond) + (time[1] * TicksPerSecond / 1_000_000_000) : 0;
    }

    /// <summary>VmHWM from /proc/PID/status (the process's own peak resident set, clean of the vfork it was started with), in bytes; 0 if unknown.</summary>
    public static long ReadPeakResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>Null when the process is gone or unreadable.</summary>
    public static ProcStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime
        // cstime priority nice threads itrealvalue starttime vsize rss ...": comm may hold spaces and ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 22)
            return null;

        return new ProcStat(
            Int(fields[1]), Int(fields[2]), Long(fields[11]), Long(fields[12]), Long(fields[13]), Long(fields[14]), Long(fields[19]), Long(fields[21]));

        static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
