using System.Collections.Immutable;
using Provisioner.Core.Connections;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Resources;

namespace Provisioner.PulumiProvider.Functions;

/// <summary>What an Invoke returns: the result, or failures that name the bad argument.</summary>
public sealed record InvokeResult(PropertyMap Return, IReadOnlyList<CheckFailure> Failures);

/// <summary>The package's functions: <c>aep:flowservice:getConnectionSpec</c>, <c>aep:flowservice:exploreRoot</c> and
/// <c>aep:flowservice:testConnection</c>. All only read, so they run during previews too (as data sources do in Pulumi).</summary>
public static class ProviderFunctions
{
    public const string GetConnectionSpec = "aep:flowservice:getConnectionSpec";
    public const string ExploreRoot = "aep:flowservice:exploreRoot";
    public const string TestConnection = "aep:flowservice:testConnection";

    public static async Task<InvokeResult> InvokeAsync(string token, PropertyMap args, ProviderSession? session, CancellationToken cancellationToken) =>
        token switch
        {
            GetConnectionSpec => await WithArgument(args, "connectionSpecId", session, (client, id) => GetConnectionSpecAsync(client, id, cancellationToken)),
            ExploreRoot => await WithArgument(args, "connectionId", session, (client, id) => ExploreRootAsync(client, id, cancellationToken)),
            TestConnection => await WithArgument(args, "connectionId", session, (client, id) => TestConnectionAsync(client, id, cancellationToken)),
            _ => throw ProviderException.InvalidArgument($"unknown function '{token}'; this provider offers {GetConnectionSpec}, {ExploreRoot} and {TestConnection}"),
        };

    private static async Task<InvokeResult> WithArgument(
        PropertyMap args, string name, ProviderSession? session, Func<IFlowServiceClient, string, Task<InvokeResult>> body)
    {
        var failures = args.Keys.Where(k => k != name)
            .Select(k => new CheckFailure(k, $"unknown argument '{k}'; this function takes {name}")).ToList();
        if (args[name]?.AsString() is not { Length: > 0 } value)
        {
            failures.Add(new CheckFailure(name, $"missing required argument '{name}' (a string)"));
            return new InvokeResult(PropertyMap.Empty, failures);
        }
        if (failures.Count > 0)
        {
            return new InvokeResult(PropertyMap.Empty, failures);
        }
        var configured = ProviderSession.Required(session);
        try
        {
            return await body(configured.Client, value);
        }
        catch (FlowServiceException error) when (error.IsNotFound)
        {
            return new InvokeResult(PropertyMap.Empty, [new CheckFailure(name, $"{name} '{value}' does not exist in sandbox '{configured.Config.SandboxName}'")]);
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap($"calling {name}", error);
        }
    }

    private static async Task<InvokeResult> GetConnectionSpecAsync(IFlowServiceClient client, string id, CancellationToken cancellationToken)
    {
        var spec = await client.GetConnectionSpecAsync(id, cancellationToken);
        if (spec is null)
        {
            return new InvokeResult(PropertyMap.Empty, [new CheckFailure("connectionSpecId", $"there is no connection spec '{id}'")]);
        }
        var result = PropertyMap.Empty
            .Set("id", PropertyValue.Of(spec.Id))
            .Set("name", PropertyValue.Of(spec.Name))
            .Set("kind", PropertyValue.Of(ConnectionKinds.Of(spec).ToWord()))
            .Set("authSpecs", List(spec.AuthSpecs.Select(AuthSpecInfo)));
        result = result.SetOrRemove("providerId", spec.ProviderId is null ? null : PropertyValue.Of(spec.ProviderId));
        result = result.SetOrRemove("version", spec.Version is null ? null : PropertyValue.Of(spec.Version));
        return new InvokeResult(result, []);
    }

    private static PropertyValue AuthSpecInfo(AuthSpec authSpec)
    {
        var info = PropertyMap.Empty
            .Set("name", PropertyValue.Of(authSpec.Name))
            .Set("requiredParams", Strings(authSpec.RequiredParams))
            .Set("secretParams", Strings(authSpec.SecretParams))
            .Set("params", Strings(authSpec.DeclaredParams));
        return PropertyValue.Of(info.SetOrRemove("type", authSpec.Type is null ? null : PropertyValue.Of(authSpec.Type)));
    }

    private static async Task<InvokeResult> ExploreRootAsync(IFlowServiceClient client, string connectionId, CancellationToken cancellationToken)
    {
        var items = await client.ExploreRootAsync(connectionId, cancellationToken);
        return new InvokeResult(PropertyMap.Empty.Set("items", List(items.Select(ExploreItem))), []);
    }

    /// <summary>A rejected test is a result (<c>result: false</c> and the service's reason), not a failed call: the
    /// program decides what to do with it. A missing connection is an argument failure, as in the other functions.</summary>
    private static async Task<InvokeResult> TestConnectionAsync(IFlowServiceClient client, string connectionId, CancellationToken cancellationToken)
    {
        var test = await client.TestConnectionAsync(connectionId, cancellationToken);
        if (test.Outcome == ConnectionTestOutcome.NotFound)
        {
            return new InvokeResult(PropertyMap.Empty, [new CheckFailure("connectionId", test.Describe())]);
        }
        return new InvokeResult(PropertyMap.Empty
            .Set("connectionId", PropertyValue.Of(connectionId))
            .Set("result", PropertyValue.Of(test.Passed))
            .Set("message", PropertyValue.Of(test.Describe())), []);
    }

    private static PropertyValue ExploreItem(ExploreItem item)
    {
        var map = PropertyMap.Empty
            .Set("type", PropertyValue.Of(item.Type))
            .Set("name", PropertyValue.Of(item.Name))
            .Set("canPreview", PropertyValue.Of(item.CanPreview))
            .Set("canFetchSchema", PropertyValue.Of(item.CanFetchSchema));
        return PropertyValue.Of(map.SetOrRemove("path", item.Path is null ? null : PropertyValue.Of(item.Path)));
    }

    private static PropertyValue.ArrayValue Strings(IEnumerable<string> values) => List(values.Select(PropertyValue.Of));

    private static PropertyValue.ArrayValue List(IEnumerable<PropertyValue> values) => new PropertyValue.ArrayValue(values.ToImmutableArray());
}
