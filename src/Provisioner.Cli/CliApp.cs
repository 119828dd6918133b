using System.CommandLine;
using Provisioner.Cli.Commands;
using Provisioner.FlowService;

namespace Provisioner.Cli;

/// <summary>The <c>aep-provision</c> command tree. <see cref="RunAsync"/> is the whole program, callable in-process.</summary>
public static class CliApp
{
    private const string SecretsHelp =
        "Secrets: AEP_CLIENT_SECRET or AEP_ACCESS_TOKEN authenticate to AEP; a definition's { secret: NAME } is read from "
        + "AEP_SECRET_<NAME upper-cased> (mixpanelPassword -> AEP_SECRET_MIXPANELPASSWORD). Settings: stacks/Pulumi.<stack>.yaml "
        + "(aep:endpoint, aep:imsEndpoint, aep:clientId, aep:orgId, aep:sandboxName), overridden by AEP_ENDPOINT, AEP_IMS_ENDPOINT, "
        + "AEP_CLIENT_ID, AEP_ORG_ID, AEP_SANDBOX_NAME.";

    private const string StateHelp =
        "State: .aep-provision/state/<stack>.json. plan, apply and refresh first take its lock (an OS file lock on <state>.lock, "
        + "holder in <state>.lock.json); another run waits up to --lock-timeout, a lock whose process is gone is taken over, "
        + "force-unlock ID removes one left by another machine. One machine only: shared state belongs in a Pulumi backend. "
        + "plan and apply refresh the recorded connections first (--refresh=false skips it). Interrupting (SIGINT/SIGTERM): no new "
        + "change starts, the ones in flight get --interrupt-timeout to finish, the state is saved, exit 130/143; a second signal exits at once. "
        + "Exit codes: 0 success (plan: no changes), 1 error, 2 plan has changes, 130 SIGINT, 143 SIGTERM.";

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        var file = new Option<string>("--file", "-f") { Description = "Definitions file.", DefaultValueFactory = _ => CommonOptions.DefaultFile, Recursive = true };
        var stack = new Option<string?>("--stack", "-s") { Description = "Target the stack stacks/Pulumi.<NAME>.yaml.", Recursive = true };
        var local = new Option<bool>("--local") { Description = "Start the emulator in-process (data in .aep-provision/emulator.json) and target it.", Recursive = true };
        var parallelism = new Option<int>("--parallelism", "-p") { Description = "Service calls in flight at once.", DefaultValueFactory = _ => 8, Recursive = true };
        var retain = new Option<bool>("--retain-removed") { Description = "Keep connections whose definition was removed (only forget them).", Recursive = true };
        var lockTimeout = new Option<string>("--lock-timeout")
        {
            Description = "How long to wait for another run's state lock (e.g. 0, 30s, 5m), then fail with exit 1 naming the holder.",
            DefaultValueFactory = _ => CommonOptions.DefaultLockTimeout, Recursive = true, HelpName = "DURATION",
        };
        var interruptTimeout = new Option<string>("--interrupt-timeout")
        {
            Description = "After SIGINT/SIGTERM, how long changes in flight may finish before they are cut off.",
            DefaultValueFactory = _ => CommonOptions.DefaultInterruptTimeout, Recursive = true, HelpName = "DURATION",
        };
        var refresh = new Option<bool>("--refresh")
        {
            Description = "plan/apply: re-read the recorded connections first, showing out-of-band edits and deletions (--refresh=false skips it).",
            DefaultValueFactory = _ => true, Recursive = true,
        };
        Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };
        var lockId = new Argument<string>("ID") { Description = "The lock id printed by the run that waited for it." };

        var root = new RootCommand("aep-provision: plan and apply AEP Flow Service base connections and their pipelines (source and target connections, dataflows) from YAML definitions. " + SecretsHelp + " " + StateHelp);
        foreach (var option in new Option[] { file, stack, local, parallelism, retain, lockTimeout, interruptTimeout, refresh })
        {
            root.Options.Add(option);
        }

        CommonOptions Common(ParseResult result)
        {
            var common = new CommonOptions(result.GetValue(file)!, result.GetValue(stack), result.GetValue(local), result.GetValue(parallelism), result.GetValue(retain))
            {
                LockTimeout = Duration.Parse(result.GetValue(lockTimeout)!, "--lock-timeout"),
                Refresh = result.GetValue(refresh),
            };
            if (common.Parallelism < 1)
            {
                throw new CliException("--parallelism must be at least 1");
            }
            if (common.Local && common.Stack is not null)
            {
                throw new CliException("--local and --stack exclude each other");
            }
            return common;
        }

        Command Define(string name, string description, Func<ParseResult, Interruption, Task<int>> action)
        {
            var command = new Command(name, description);
            command.SetAction((result, ct) => Guard(env, result, interruptTimeout, action, ct));
            root.Subcommands.Add(command);
            return command;
        }

        Define("validate", "Check the definitions offline (embedded catalog, secrets from the environment). Exit 0 = valid, 1 = errors.",
            (r, i) => ValidateCommand.RunAsync(Common(r), env, i.StopStarting));
        var planJson = Json();
        var plan = Define("plan", "Refresh, then show what apply would change, grouped by kind in the order apply runs it. "
            + "Exit 0 = no changes, 2 = changes, 1 = error.",
            (r, i) => PlanCommand.RunAsync(Common(r), r.GetValue(planJson), env, i));
        plan.Options.Add(planJson);
        var testAfter = new Option<bool>("--test") { Description = "Then test the connections this run created or changed (all when it changed none); exit 1 if a test fails." };
        var apply = Define("apply", "Refresh, then create missing, update changed and delete removed connections; print the id/etag table. "
            + "Exit 0 = done, 1 = error, 130/143 = interrupted by SIGINT/SIGTERM (state saved).",
            (r, i) => ApplyCommand.RunAsync(Common(r), r.GetValue(testAfter), env, i));
        apply.Options.Add(testAfter);
        Define("refresh", "Re-read recorded connections from the service (etags, out-of-band changes, deletions) and save them. "
            + "Interrupted (130/143), it saves nothing.",
            (r, i) => RefreshCommand.RunAsync(Common(r), env, i));
        var outputsJson = Json();
        var outputs = Define("outputs", "Print the recorded id/etag of every object (connections, source and target connections, dataflows).",
            (r, _) => Task.FromResult(OutputsCommand.Run(Common(r), r.GetValue(outputsJson), env)));
        outputs.Options.Add(outputsJson);
        var statusJson = Json();
        var status = Define("status", "Read what the service shows now for every recorded object: exists or gone, and each dataflow's "
            + "state (enabled/disabled) and last run. Reads only. Exit 0 = reported (also when objects are gone), 1 = service error.",
            (r, i) => StatusCommand.RunAsync(Common(r), r.GetValue(statusJson), env, i));
        status.Options.Add(statusJson);
        var keys = new Option<string[]>("--key", "-k") { Description = "Test only this key (repeatable); default: every recorded connection." };
        var test = Define("test", "Ask the service to test each recorded connection's credentials: one line per connection (ok / failed: reason). Exit 0 = all ok, 1 = a test failed.",
            (r, i) => TestCommand.RunAsync(Common(r), r.GetValue(keys) ?? [], env, i));
        test.Options.Add(keys);
        var forceUnlock = Define("force-unlock", "Remove a state lock left by a run that cannot release it (another machine's). "
            + "A lock whose process is gone on this machine is taken over without it.",
            (r, _) => Task.FromResult(Commands.ForceUnlockCommand.Run(Common(r), r.GetValue(lockId)!, env)));
        forceUnlock.Arguments.Add(lockId);

        var parsed = root.Parse(args);
        // ProcessTerminationTimeout = null switches System.CommandLine's own SIGINT/SIGTERM handling off: it would cancel
        // the command and return from Main 2 s later without waiting, before the state is saved. Interruption does it.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, ProcessTerminationTimeout = null },
            cancellationToken).ConfigureAwait(false);
    }

    // Every failure becomes one clear line and exit 1, never a stack trace. A secret never reaches these messages:
    // the client and the reconciler keep them out of theirs, and file-system errors only name paths.
    private static async Task<int> Guard(CliEnvironment env, ParseResult result, Option<string> interruptTimeout,
        Func<ParseResult, Interruption, Task<int>> action, CancellationToken cancellationToken)
    {
        Interruption? interruption = null;
        try
        {
            var grace = Duration.Parse(result.GetValue(interruptTimeout)!, "--interrupt-timeout");
            interruption = Interruption.Start(env.ListensForSignals, grace, env.Error, cancellationToken);
            return await action(result, interruption).ConfigureAwait(false);
        }
        catch (FlowServiceException e) when (e.IsAuthenticationFailure)
        {
            await env.Error.WriteLineAsync("error: " + CredentialAdvice.Describe(e, env)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliException or FlowServiceException or IOException or UnauthorizedAccessException)
        {
            await env.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interruption?.ExitCode is { } code)
        {
            await env.Error.WriteLineAsync($"interrupted ({interruption.SignalName}) before any change was made; the state is unchanged.").ConfigureAwait(false);
            return code;
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the last line of defence: whatever a command did not expect, say what it was and exit 1
        catch (Exception e)
#pragma warning restore CA1031
        {
            await env.Error.WriteLineAsync($"error: unexpected failure: {UserMessage.Clean(e.Message)}").ConfigureAwait(false);
        }
        finally
        {
            interruption?.Dispose();
        }
        return ExitCodes.Error;
    }
}
