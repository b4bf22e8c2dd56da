using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Platform.Executor.Processes;

/// <summary>
/// The process group a step runs in: its leader was started in a session of its own, so the group id
/// is the leader's pid and every child and grandchild belongs to it (unless it calls setsid itself).
/// </summary>
public static class ProcessGroup
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    static readonly TimeSpan KillWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// SIGTERM to the whole group, SIGKILL to whatever is left after <paramref name="grace"/>; returns
    /// once no member is alive (zombies waiting to be reaped count as gone) or after a bounded wait.
    /// </summary>
    public static async Task KillAsync(int groupId, TimeSpan grace)
    {
        if (!HasLiveMembers(groupId))
            return; // the common end: the step exited and left nothing behind

        Signal(groupId, NativeMethods.SigTerm);
        if (await WaitUntilGoneAsync(groupId, grace))
            return;

        Signal(groupId, NativeMethods.SigKill);
        await WaitUntilGoneAsync(groupId, KillWait);
    }

    /// <summary>True while a process of the group exists and is not a zombie.</summary>
    public static bool HasLiveMembers(int groupId)
    {
        if (NativeMethods.Kill(-groupId, 0) != 0 && Marshal.GetLastPInvokeError() == NativeMethods.NoSuchProcess)
            return false;

        // kill(2) also succeeds for zombies, which cost nothing and may wait long for their reaper.
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;

            if (ReadGroupAndState(pid) is { } process && process.GroupId == groupId && process.State is not ('Z' or 'X'))
                return true;
        }

        return false;
    }

    /// <summary>The group id and state letter from /proc/PID/stat, or null when the process is gone.</summary>
    public static (int GroupId, char State)? ReadGroupAndState(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) S ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 2 && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            ? (group, fields[0][0])
            : null;
    }

    static void Signal(int groupId, int signal)
    {
        if (NativeMethods.Kill(-groupId, signal) != 0 && Marshal.GetLastPInvokeError() != NativeMethods.NoSuchProcess)
            throw new InvalidOperationException($"kill(-{groupId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    static async Task<bool> WaitUntilGoneAsync(int groupId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (HasLiveMembers(groupId))
        {
            if (clock.Elapsed >= timeout)
                return false;
            await Task.Delay(PollInterval);
        }

        return true;
    }
}
