using System.CommandLine;
using Provisioner.Cli.Commands;
using Provisioner.Cli.Settings;
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

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        var file = new Option<string>("--file", "-f") { Description = "Definitions file.", DefaultValueFactory = _ => CommonOptions.DefaultFile, Recursive = true };
        var stack = new Option<string?>("--stack", "-s") { Description = "Target the stack stacks/Pulumi.<NAME>.yaml.", Recursive = true };
        var local = new Option<bool>("--local") { Description = "Start the emulator in-process (data in .aep-provision/emulator.json) and target it.", Recursive = true };
        var parallelism = new Option<int>("--parallelism", "-p") { Description = "Service calls in flight at once.", DefaultValueFactory = _ => 8, Recursive = true };
        var retain = new Option<bool>("--retain-removed") { Description = "Keep connections whose definition was removed (only forget them).", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };

        var root = new RootCommand("aep-provision: plan and apply AEP Flow Service base connections from YAML definitions. " + SecretsHelp);
        root.Options.Add(file);
        root.Options.Add(stack);
        root.Options.Add(local);
        root.Options.Add(parallelism);
        root.Options.Add(retain);

        CommonOptions Common(ParseResult result)
        {
            var common = new CommonOptions(result.GetValue(file)!, result.GetValue(stack), result.GetValue(local), result.GetValue(parallelism), result.GetValue(retain));
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

        Command Define(string name, string description, Func<ParseResult, CancellationToken, Task<int>> action)
        {
            var command = new Command(name, description);
            command.SetAction((result, ct) => Guard(env, () => action(result, ct)));
            root.Subcommands.Add(command);
            return command;
        }

        Define("validate", "Check the definitions offline (embedded catalog, secrets from the environment). Exit 0 = valid, 1 = errors.",
            (r, ct) => ValidateCommand.RunAsync(Common(r), env, ct));
        Define("plan", "Show what apply would change. Exit 0 = no changes, 2 = changes, 1 = error.",
            (r, ct) => PlanCommand.RunAsync(Common(r), env, ct));
        var testAfter = new Option<bool>("--test") { Description = "Then test the connections this run created or changed (exit 1 if a test fails)." };
        var apply = Define("apply", "Create missing, update changed and delete removed connections; print the id/etag table.",
            (r, ct) => ApplyCommand.RunAsync(Common(r), r.GetValue(testAfter), env, ct));
        apply.Options.Add(testAfter);
        Define("refresh", "Re-read recorded connections from the service (etags, out-of-band changes, deletions).",
            (r, ct) => RefreshCommand.RunAsync(Common(r), env, ct));
        var outputs = Define("outputs", "Print the recorded id/etag of every connection.",
            (r, _) => Task.FromResult(OutputsCommand.Run(Common(r), r.GetValue(json), env)));
        outputs.Options.Add(json);
        var keys = new Option<string[]>("--key", "-k") { Description = "Test only this key (repeatable); default: every recorded connection." };
        var test = Define("test", "Ask the service to test each recorded connection's credentials: one line per connection (ok / failed: reason). Exit 0 = all ok, 1 = a test failed.",
            (r, ct) => TestCommand.RunAsync(Common(r), r.GetValue(keys) ?? [], env, ct));
        test.Options.Add(keys);

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error }, cancellationToken).ConfigureAwait(false);
    }

    // Every failure becomes one clear line and exit 1, never a stack trace. A secret never reaches these messages:
    // the client and the reconciler keep them out of theirs, and file-system errors only name paths.
    private static async Task<int> Guard(CliEnvironment env, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliException or FlowServiceException or IOException or UnauthorizedAccessException)
        {
            await env.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the last line of defence: whatever a command did not expect, say what it was and exit 1
        catch (Exception e)
#pragma warning restore CA1031
        {
            await env.Error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
        return ExitCodes.Error;
    }
}
