using System.Globalization;

namespace Platform.Executor.Resources;

/// <summary>
/// Where this process sits in the cgroup v1 hierarchies of the <c>memory</c> and <c>cpuacct</c>
/// controllers: the directories an attempt's own cgroups are made under (so they stay inside whatever
/// limits the Executor itself runs under). Found from /proc/self/mountinfo and /proc/self/cgroup; null
/// where either controller is not mounted as v1 (a v2-only host, a container without them).
/// </summary>
internal sealed record CgroupHierarchy(string Memory, string CpuAccounting)
{
    public static CgroupHierarchy? OfThisProcess()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/mountinfo") || !File.Exists("/proc/self/cgroup"))
            return null;

        var mounts = File.ReadAllLines("/proc/self/mountinfo");
        var memberships = File.ReadAllLines("/proc/self/cgroup");
        return Directory("memory", mounts, memberships) is { } memory && Directory("cpuacct", mounts, memberships) is { } cpu
            ? new CgroupHierarchy(memory, cpu)
            : null;
    }

    /// <summary>The directory of this process's cgroup in the v1 hierarchy that holds <paramref name="controller"/>.</summary>
    private static string? Directory(string controller, string[] mounts, string[] memberships)
    {
        // mountinfo: ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
        var mount = mounts.Select(line => line.Split(' '))
            .Select(f => (Fields: f, Dash: Array.IndexOf(f, "-")))
            .Where(m => m.Dash > 0 && m.Dash + 3 < m.Fields.Length && m.Fields[m.Dash + 1] == "cgroup"
                && m.Fields[m.Dash + 3].Split(',').Contains(controller, StringComparer.Ordinal))
            .Select(m => (Root: m.Fields[3], Point: Unescape(m.Fields[4])))
            .FirstOrDefault();
        if (mount.Point is null)
            return null;

        // /proc/self/cgroup: ID:CONTROLLERS:PATH, PATH from the hierarchy's root.
        var path = memberships.Select(line => line.Split(':', 3))
            .Where(f => f.Length == 3 && f[1].Split(',').Contains(controller, StringComparer.Ordinal))
            .Select(f => f[2])
            .FirstOrDefault();
        if (path is null || !path.StartsWith(mount.Root, StringComparison.Ordinal))
            return null;

        var relative = path[mount.Root.Length..].TrimStart('/');
        var directory = relative.Length == 0 ? mount.Point : Path.Combine(mount.Point, relative);
        return System.IO.Directory.Exists(directory) ? directory : null;
    }

    /// <summary>mountinfo escapes spaces and the like as octal (<c>\040</c>).</summary>
    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})",
            m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString(CultureInfo.InvariantCulture));
}
