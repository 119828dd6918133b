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
        var text = DefinitionsText.Decode(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), options.File);
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

    /// <summary>
    /// The target, opened under the state's lock: nothing of the state is read before the lock is held. With
    /// <c>--local</c> the lock comes first, because starting the in-process emulator reads its data file; a remote
    /// target is opened first — that only checks its settings (no request), so a refused target leaves no file behind.
    /// </summary>
    public static async Task<LockedTarget> OpenLockedAsync(CommonOptions options, CliEnvironment env, string command, Interruption interruption)
    {
        if (options.Local)
        {
            var held = await LockAsync(options, env, command, interruption).ConfigureAwait(false);
            try
            {
                return new LockedTarget(await Target.OpenAsync(options, env, interruption.StopStarting).ConfigureAwait(false), held);
            }
            catch
            {
                held.Dispose();
                throw;
            }
        }
        var target = await Target.OpenAsync(options, env, interruption.StopStarting).ConfigureAwait(false);
        try
        {
            return new LockedTarget(target, await LockAsync(options, env, command, interruption).ConfigureAwait(false));
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes the state's lock (see <see cref="StateLock"/>). A second signal's hard exit still removes this run's lock info.</summary>
    private static async Task<StateLock> LockAsync(CommonOptions options, CliEnvironment env, string command, Interruption interruption)
    {
        var path = StatePath(options, env);
        var held = await StateLock.AcquireAsync(path, Path.GetRelativePath(env.WorkingDirectory, path), command, options.LockTimeout, env.Error,
            interruption.StopStarting).ConfigureAwait(false);
        interruption.BeforeHardExit(held.Dispose);
        return held;
    }

    /// <summary>Terraform's refresh-before-plan: re-reads the recorded connections, prints what changed outside this tool
    /// (deleted, edited) and returns the state to plan against. Skipped with <c>--refresh=false</c> or when nothing is recorded.</summary>
    public static async Task<(StateFile State, bool Changed)> RefreshFirstAsync(CommonOptions options, CliEnvironment env, Target target, StateFile state,
        CancellationToken cancellationToken)
    {
        if (!options.Refresh || (state.Recorded.Connections.IsEmpty && state.Recorded.Pipeline.IsEmpty))
        {
            return (state, false);
        }
        var result = await Reconciler(options, target, state).RefreshAsync(state.Recorded, cancellationToken).ConfigureAwait(false);
        RefreshPrinter.Print(result, env.Out);
        var changed = result.Gone.Count > 0 || result.Drifted.Count > 0
            || result.State.Connections.Any(c => state.Recorded.Connections[c.Key].Etag != c.Value.Etag)
            || result.State.Pipeline.Any(p => state.Recorded.Pipeline[p.Key].Etag != p.Value.Etag || state.Recorded.Pipeline[p.Key].Inputs.Enabled != p.Value.Inputs.Enabled);
        return (state with { Recorded = result.State }, changed);
    }

    public static string StatePath(CommonOptions options, CliEnvironment env) => StateStore.PathFor(env.ToolDirectory, options.StateName);

    public static FingerprintKeyStore Keys(CliEnvironment env) => new(env.KeyDirectory);

    /// <summary>The target's state; says so when its fingerprint key is missing and secrets will be re-sent.</summary>
    public static StateFile LoadState(CommonOptions options, CliEnvironment env, Target target)
    {
        var path = StatePath(options, env);
        var state = StateStore.Load(path, target.Identity, Keys(env), Path.GetRelativePath(env.WorkingDirectory, path));
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
