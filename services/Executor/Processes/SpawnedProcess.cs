using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Platform.Executor.Processes;

/// <summary>
/// A step's process, started with posix_spawn in a session (and process group) of its own, stdin from
/// /dev/null and stdout and stderr into one pipe, as <c>2&gt;&amp;1</c> would. About three times cheaper
/// than Process.Start plus an exec of setsid (0.45 against 1.6 ms at two at a time here), and the new
/// session exists before the first instruction of the program runs, so signalling the group always
/// reaches it.
/// </summary>
internal sealed unsafe class SpawnedProcess : IDisposable
{
    private SpawnedProcess(int pid, Stream output, Task<ReapedChild> reaped)
    {
        Pid = pid;
        Output = output;
        Reaped = reaped;
        Exited = ExitCodeOf(reaped);
    }

    /// <summary>The leader's pid, which is also the id of its process group and session.</summary>
    public int Pid { get; }

    /// <summary>Everything the process tree writes to stdout or stderr.</summary>
    public Stream Output { get; }

    /// <summary>Completes with the exit code (128 + signal if killed) once the leader has ended and been reaped.</summary>
    public Task<int> Exited { get; }

    /// <summary>Completes with the exit code and, when started measured, what the leader and its waited-for tree used.</summary>
    public Task<ReapedChild> Reaped { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <param name="program">An absolute path.</param>
    /// <param name="measure">Read the leader's usage when it is reaped (<see cref="ReapedUsage"/>).</param>
    public static SpawnedProcess Start(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string workdir,
        bool measure = false)
    {
        var fds = stackalloc int[2];
        if (NativeMethods.Pipe2(fds, NativeMethods.OpenCloseOnExec) != 0)
            throw new IOException($"pipe2 failed with errno {Marshal.GetLastPInvokeError()}");

        var (readEnd, writeEnd) = (fds[0], fds[1]);
        var attributes = NativeMemory.AllocZeroed(NativeMethods.OpaqueSize);
        var actions = NativeMemory.AllocZeroed(NativeMethods.OpaqueSize);
        var mask = NativeMemory.AllocZeroed(NativeMethods.OpaqueSize);
        var defaults = NativeMemory.AllocZeroed(NativeMethods.OpaqueSize);
        var strings = new List<IntPtr>();
        try
        {
            Check(NativeMethods.SpawnAttrInit(attributes), "posix_spawnattr_init");
            Check(NativeMethods.FileActionsInit(actions), "posix_spawn_file_actions_init");
            // The runtime blocks and handles signals of its own; the step starts with none blocked, all default.
            NativeMethods.SignalSetEmpty(mask);
            NativeMethods.SignalSetFill(defaults);
            Check(NativeMethods.SpawnAttrSetSignalMask(attributes, mask), "posix_spawnattr_setsigmask");
            Check(NativeMethods.SpawnAttrSetSignalDefaults(attributes, defaults), "posix_spawnattr_setsigdefault");
            Check(NativeMethods.SpawnAttrSetFlags(attributes,
                NativeMethods.SpawnSetSession | NativeMethods.SpawnSetSignalMask | NativeMethods.SpawnSetSignalDefaults), "posix_spawnattr_setflags");
            Check(NativeMethods.FileActionsOpen(actions, 0, "/dev/null", NativeMethods.OpenReadOnly, 0), "posix_spawn_file_actions_addopen");
            Check(NativeMethods.FileActionsDup2(actions, writeEnd, 1), "posix_spawn_file_actions_adddup2");
            Check(NativeMethods.FileActionsDup2(actions, writeEnd, 2), "posix_spawn_file_actions_adddup2");
            Check(NativeMethods.FileActionsChdir(actions, workdir), "posix_spawn_file_actions_addchdir_np");

            var argv = Strings([Path.GetFileName(program), .. arguments], strings);
            var envp = Strings([.. environment.Select(e => $"{e.Key}={e.Value}")], strings);
            int pid;
            int result;
            fixed (byte** args = argv)
            fixed (byte** env = envp)
            {
                result = NativeMethods.PosixSpawn(&pid, program, actions, attributes, args, env);
            }

            if (result != 0)
                throw new IOException($"could not start {program}: {Marshal.GetPInvokeErrorMessage(result)}");

            var exited = ChildReaper.Watch(pid, measure);
            NativeMethods.Close(writeEnd);
            writeEnd = -1;
            var output = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(readEnd, ownsHandle: true));
            readEnd = -1;
            return new SpawnedProcess(pid, output, exited);
        }
        finally
        {
            NativeMethods.SpawnAttrDestroy(attributes);
            NativeMethods.FileActionsDestroy(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(mask);
            NativeMemory.Free(defaults);
            foreach (var s in strings)
                Marshal.FreeHGlobal(s);
            if (writeEnd >= 0)
                NativeMethods.Close(writeEnd);
            if (readEnd >= 0)
                NativeMethods.Close(readEnd);
        }
    }

    /// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings, freed by the caller through <paramref name="allocated"/>.</summary>
    private static byte*[] Strings(IReadOnlyList<string> values, List<IntPtr> allocated)
    {
        var array = new byte*[values.Count + 1];
        for (var i = 0; i < values.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(values[i]);
            var native = Marshal.AllocHGlobal(bytes.Length + 1);
            allocated.Add(native);
            Marshal.Copy(bytes, 0, native, bytes.Length);
            ((byte*)native)[bytes.Length] = 0;
            array[i] = (byte*)native;
        }

        return array;
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(result)}");
    }

    private static Task<int> ExitCodeOf(Task<ReapedChild> reaped) =>
        reaped.ContinueWith(static r => r.Result.ExitCode, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public void Dispose() => Output.Dispose();
}
