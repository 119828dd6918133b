using Provisioner.Cli.Settings;
using Provisioner.Cli.State;
using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;

namespace Provisioner.Cli.Commands;

/// <summary>The steps plan, apply and refresh share: read and check definitions, open the target, load state.</summary>
internal static class Workflow
{
    /// <summary>Every definitions error goes to stderr at once; <c>null</c> then, and nothing is written anywhere.</summary>
    public static async Task<DesiredConnectionSet?> LoadDesiredAsync(CommonOptions options, CliEnvironment env, IConnectionSpecCatalog catalog,
        CancellationToken cancellationToken)
    {
        var path = env.Resolve(options.File);
        if (!File.Exists(path))
        {
            throw new CliException($"{options.File}: definitions file not found (use --file PATH)");
        }
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var secrets = new EnvironmentSecretSource(env.GetVariable, localPlaceholders: options.Local, env.Error);
        var parsed = DefinitionsParser.Parse(text, options.File);
        parsed = parsed with { Errors = [.. parsed.Errors, .. EnvironmentSecretSource.CaseCollisions(parsed.Document)] };
        var result = await DefinitionsResolver.ResolveAsync(parsed, catalog, secrets, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                env.Error.WriteLine(error);
            }
            env.Error.WriteLine($"{result.Errors.Count} error(s) in {options.File}; nothing was changed.");
            return null;
        }
        return result.Desired;
    }

    public static string StatePath(CommonOptions options, CliEnvironment env) => StateStore.PathFor(env.ToolDirectory, options.StateName);

    public static FingerprintKeyStore Keys(CliEnvironment env) => new(env.KeyDirectory);

    /// <summary>The target's state; says so when its fingerprint key is missing and secrets will be re-sent.</summary>
    public static StateFile LoadState(CommonOptions options, CliEnvironment env, Target target)
    {
        var path = StatePath(options, env);
        var state = StateStore.Load(path, target.Identity, Keys(env));
        if (state.KeyLost && state.Recorded.Connections.Values.Any(c => c.SecretParams.Count > 0))
        {
            env.Error.WriteLine($"note: the fingerprint key of {Path.GetRelativePath(env.WorkingDirectory, path)} is not in {env.KeyDirectory} "
                + "(state written by another user or machine?); secret params count as changed, so apply sends them once more.");
        }
        return state;
    }

    public static void SaveState(CommonOptions options, CliEnvironment env, StateFile state) =>
        StateStore.Save(StatePath(options, env), state, Keys(env));

    public static ConnectionReconciler Reconciler(CommonOptions options, Target target, StateFile state) =>
        new(target.Client, new ReconcilerOptions
        {
            MaxParallelism = options.Parallelism,
            RetainRemoved = options.RetainRemoved,
            SecretRecorder = state.SecretRecorder,
        });
}
