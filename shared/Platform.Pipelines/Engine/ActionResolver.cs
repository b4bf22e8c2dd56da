using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using Platform.Pipelines.Shell;

namespace Platform.Pipelines.Engine;

/// <summary>Expands a step's templates into the <see cref="StartAttempt"/> an executor receives.</summary>
internal static class ActionResolver
{
    /// <exception cref="TemplateException">when a template names something missing.</exception>
    public static StartAttempt Resolve(StepNode step, string id, int attempt, IValueResolver resolver)
    {
        RenderedCommands? shell = null;
        ResolvedAction action = step.Action switch
        {
            // Template values travel as environment variables the commands reference: data, never shell syntax.
            RunAction run => new ResolvedRun((shell = ShellCommandRenderer.Render(run.Commands, resolver, SecretInputs(resolver))).Commands),
            SleepAction sleep => new ResolvedSleep(sleep.Duration),
            HttpAction http => new ResolvedHttp(
                http.Url.Render(resolver),
                http.Method,
                http.Headers.ToDictionary(h => h.Key, h => h.Value.Render(resolver)),
                http.Body?.Render(resolver),
                http.Expect),
            ApprovalAction => throw new InvalidOperationException("an approval step is never dispatched: it waits in the engine"),
            _ => throw new TemplateException($"unknown action {step.Action.GetType().Name}"),
        };
        var env = step.Env.ToDictionary(e => e.Key, e => e.Value.Render(resolver));
        foreach (var (name, value) in shell?.Values ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        return new StartAttempt(id, attempt, action, env, step.Workdir?.Render(resolver), step.Timeout);
    }

    private static IReadOnlySet<string> SecretInputs(IValueResolver resolver) =>
        resolver is InstanceResolver instance ? instance.SecretInputs : new HashSet<string>();
}
