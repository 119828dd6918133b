using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Protocol;
using P = Provisioner.PulumiProvider.Resources.BaseConnectionProperties;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// The shape of BaseConnection inputs: structural checks with defaults (Check), and the conversion to the shared
/// <see cref="DesiredConnection"/> model. Unknown values (preview) always pass.
/// </summary>
public static class BaseConnectionInputs
{
    /// <summary>Validates <paramref name="news"/> and returns them with defaults applied, keeping the program's own
    /// representation (the engine's diff display compares checked inputs).</summary>
    public static (PropertyMap Inputs, List<CheckFailure> Failures) Check(PropertyMap news)
    {
        var failures = new List<CheckFailure>();
        foreach (var key in news.Keys.Where(k => !P.Inputs.Contains(k)))
        {
            failures.Add(new CheckFailure(key, $"unknown property '{key}'; a BaseConnection takes {string.Join(", ", P.Inputs)}"));
        }

        InputShape.RequireString(news, P.Name, P.Name, failures, required: true);
        InputShape.RequireString(news, P.Description, P.Description, failures, required: false);

        var inputs = news;
        var spec = InputShape.RequireObject(news, P.ConnectionSpec, P.ConnectionSpec, failures, [P.SpecId, P.SpecVersion]);
        if (spec is not null)
        {
            var id = InputShape.RequireString(spec, P.SpecId, "connectionSpec.id", failures, required: true);
            if (id is not null && !Guid.TryParseExact(id, "D", out _))
            {
                failures.Add(new CheckFailure("connectionSpec.id", $"connectionSpec.id must be a connection spec id (a UUID such as fd2c8ff3-1de0-4f6b-8fa8-4264784870eb); got '{id}'"));
            }
            InputShape.RequireString(spec, P.SpecVersion, "connectionSpec.version", failures, required: false);
            if (spec[P.SpecVersion] is null || spec[P.SpecVersion]!.IsNull)
            {
                inputs = PropertyPath.Set(inputs, [P.ConnectionSpec, P.SpecVersion], PropertyValue.Of(P.DefaultSpecVersion));
            }
        }

        // Optional: a spec with no auth specs (Data Landing Zone) takes none; Core's validator decides which specs need it.
        var auth = news[P.Auth] is null || news[P.Auth]!.IsNull ? null : InputShape.RequireObject(news, P.Auth, P.Auth, failures, [P.AuthSpecName, P.AuthParams]);
        if (auth is not null)
        {
            InputShape.RequireString(auth, P.AuthSpecName, "auth.specName", failures, required: true);
            var parameters = auth[P.AuthParams];
            if (parameters is null || parameters.IsNull)
            {
                inputs = PropertyPath.Set(inputs, [P.Auth, P.AuthParams], PropertyValue.Of(PropertyMap.Empty));
            }
            else if (!parameters.IsComputed && parameters.AsObject() is null)
            {
                failures.Add(new CheckFailure("auth.params", $"auth.params must be a map of auth parameters, not {PropertyValueCodec.Describe(parameters)}"));
            }
            else if (parameters.AsObject() is { } map)
            {
                foreach (var (key, value) in map.Entries.Where(e => e.Value.Unwrapped is PropertyValue.OpaqueValue))
                {
                    failures.Add(new CheckFailure(ParamPath(key), $"auth param '{key}' must be a plain value, not {PropertyValueCodec.Describe(value)}"));
                }
            }
        }
        inputs = BooleanInput.Check(news, inputs, P.TestAfterApply, failures);
        return (WithSecretParams(inputs), failures);
    }

    /// <summary>
    /// <paramref name="inputs"/> with <c>auth.params</c> secret-wrapped. The schema marks it secret, but a program may
    /// still send it plain, and with <c>acceptSecrets</c> the engine stores what the provider returns as it is: plain
    /// params would land unencrypted in the state's inputs. Applied by Check and wherever inputs are echoed back.
    /// </summary>
    public static PropertyMap WithSecretParams(PropertyMap inputs) =>
        PropertyPath.Get(inputs, [P.Auth, P.AuthParams]) is { IsNull: false } parameters && (parameters.IsComputed || parameters.AsObject() is not null)
            ? PropertyPath.Set(inputs, [P.Auth, P.AuthParams], PropertyValue.Secret(parameters))
            : inputs;

    /// <summary>The desired connection of fully known, checked inputs.</summary>
    public static DesiredConnection ToDesired(PropertyMap inputs) => ToDesired(inputs, unknownPlaceholder: null);

    /// <summary>As <see cref="ToDesired(PropertyMap)"/>, but unknown strings become <paramref name="unknownPlaceholder"/>,
    /// so a diff sees them as changed. A wholly unknown params map is the caller's business.</summary>
    public static DesiredConnection ToDesired(PropertyMap inputs, string? unknownPlaceholder)
    {
        string Text(PropertyMap map, string key, string path) => map[key] switch
        {
            { IsComputed: true } when unknownPlaceholder is not null => unknownPlaceholder,
            { } v when v.AsString() is { } s => s,
            _ => throw ProviderException.InvalidArgument($"{path} is missing or not a string; run `pulumi up` again after fixing the program"),
        };

        var spec = ObjectOrUnknown(inputs, P.ConnectionSpec);
        var noAuth = inputs[P.Auth] is null || inputs[P.Auth]!.IsNull;
        var auth = noAuth ? PropertyMap.Empty : ObjectOrUnknown(inputs, P.Auth);
        var description = inputs[P.Description] is { IsNull: false } d
            ? (d.IsComputed && unknownPlaceholder is not null ? unknownPlaceholder : d.AsString())
            : null;
        var parameters = auth[P.AuthParams]?.AsObject() ?? PropertyMap.Empty;
        var json = new JsonObject();
        foreach (var (key, value) in parameters.Entries)
        {
            json[key] = value.ContainsComputed && unknownPlaceholder is not null ? JsonValue.Create(unknownPlaceholder) : PropertyValueJson.ToJson(value);
        }
        return new DesiredConnection(
            Text(inputs, P.Name, P.Name),
            description,
            new ConnectionSpecRef(Text(spec, P.SpecId, "connectionSpec.id"),
                spec[P.SpecVersion] is null ? P.DefaultSpecVersion : Text(spec, P.SpecVersion, "connectionSpec.version")),
            noAuth ? null : Text(auth, P.AuthSpecName, "auth.specName"),
            json);

        PropertyMap ObjectOrUnknown(PropertyMap map, string key) => map[key] switch
        {
            { IsComputed: true } when unknownPlaceholder is not null => PropertyMap.Empty
                .Set(P.SpecId, PropertyValue.Computed).Set(P.SpecVersion, PropertyValue.Computed).Set(P.AuthSpecName, PropertyValue.Computed),
            { } v when v.AsObject() is { } o => o,
            _ => throw ProviderException.InvalidArgument($"{key} is missing or not an object"),
        };
    }

    /// <summary>What Core's <see cref="ConnectionValidator"/> checks (no auth spec name when <c>auth</c> is absent), or
    /// null while the spec id, the auth spec name or the params are not known (preview). Every param counts as secret: the schema marks the params map secret.</summary>
    public static (string SpecId, string? AuthSpecName, ParamToValidate[] Params)? ToValidate(PropertyMap inputs)
    {
        if (PropertyPath.Get(inputs, [P.ConnectionSpec, P.SpecId])?.AsString() is not { } specId)
        {
            return null;
        }
        if (inputs[P.Auth] is null || inputs[P.Auth]!.IsNull)
        {
            return (specId, null, []); // no auth: the validator says whether the spec needs one
        }
        if ( PropertyPath.Get(inputs, [P.Auth, P.AuthSpecName])?.AsString() is not { } specName
            || PropertyPath.Get(inputs, [P.Auth, P.AuthParams]) is not { IsComputed: false } parameters || parameters.AsObject() is not { } map)
        {
            return null;
        }
        var values = map.Entries
            .Where(e => !e.Value.IsNull)
            .Select(e => new ParamToValidate(e.Key, e.Value.ContainsComputed ? null : PropertyValueJson.ToJson(e.Value), IsSecret: true))
            .ToArray();
        return (specId, specName, values);
    }

    /// <summary>A Core validation problem as a Check failure on this resource's property paths.</summary>
    public static CheckFailure ToFailure(ConnectionProblem problem) => new(problem.Subject switch
    {
        ProblemSubject.ConnectionSpec => "connectionSpec.id",
        ProblemSubject.AuthSpecName => "auth.specName",
        _ when problem.Param is { } param => ParamPath(param),
        _ => "auth.params",
    }, problem.Message);

    /// <summary>The property path of one auth param, quoted when the key needs it.</summary>
    public static string ParamPath(string key) => PropertyPath.Format([P.Auth, P.AuthParams, key]);
}
