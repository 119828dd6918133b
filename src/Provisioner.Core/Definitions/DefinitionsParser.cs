using System.Globalization;
using System.Text.RegularExpressions;
using Provisioner.Core.Definitions.Yaml;
using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Definitions;

/// <summary>
/// Reads the structure of a definitions file (<c>infra/connections.yaml</c>): shapes, types, unknown and duplicate
/// keys, duplicate names, secret reference syntax. Everything that needs a connection spec is checked later by
/// <see cref="DefinitionsResolver"/>. All errors are collected; only malformed YAML stops early (the parser
/// cannot continue past a syntax error).
/// </summary>
public static partial class DefinitionsParser
{
    public const string ConnectionsKey = "connections";

    /// <summary>The top-level sections after <c>connections:</c>, in dependency order (all optional).</summary>
    private static readonly string[] PipelineSections = [.. PipelineKindInfo.All.Select(k => k.Section)];

    public static DefinitionsParseResult Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var walker = new Walker(file);
        YamlTreeNode? root;
        try
        {
            root = YamlTreeReader.Read(text);
        }
        catch (YamlTreeException e)
        {
            walker.Error(e.Line, e.Column, "", e.Message);
            return walker.Result([], []);
        }
        if (root is null)
        {
            return walker.Result(walker.EmptyFile(), []);
        }
        var connections = walker.ReadRoot(root, out var pipeline);
        return walker.Result(connections, pipeline);
    }

    // Keys become Pulumi output keys, state keys and CLI table rows: keep them boring.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    internal static partial Regex KeyPattern();

    // Secret names map to environment variables (AEP_SECRET_<NAME>), so letters, digits and '_' only.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    internal static partial Regex SecretNamePattern();

    /// <summary>A mapping's known entries by key, remembering the key node so errors can point at the key.</summary>
    private sealed class Fields
    {
        private readonly Dictionary<string, (YamlTreeScalar Key, YamlTreeNode Value)> _entries = new(StringComparer.Ordinal);

        public void Add(YamlTreeScalar key, YamlTreeNode value) => _entries[key.Value] = (key, value);

        public bool ContainsKey(string name) => _entries.ContainsKey(name);

        public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out YamlTreeNode? value)
        {
            var found = _entries.TryGetValue(name, out var entry);
            value = entry.Value;
            return found;
        }

        public YamlTreeScalar KeyOf(string name) => _entries[name].Key;
    }

    private sealed partial class Walker(string file)
    {
        private readonly List<DefinitionError> _errors = [];

        // Every key each section declares, even an entry with errors: a reference to it is then not called dangling.
        private readonly Dictionary<string, List<string>> _declaredKeys = new(StringComparer.Ordinal);

        public DefinitionsParseResult Result(IReadOnlyList<ConnectionDefinition> connections, IReadOnlyList<PipelineDefinition> pipeline) =>
            new(new DefinitionsDocument(file, connections)
                {
                    Pipeline = pipeline,
                    DeclaredKeys = _declaredKeys.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value, StringComparer.Ordinal),
                },
                _errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray());

        public void Error(int line, int column, string path, string message) =>
            _errors.Add(new DefinitionError(new SourceLocation(file, line, column, path), message));

        private void Error(YamlTreeNode node, string path, string message) => Error(node.Line, node.Column, path, message);

        private SourceLocation At(YamlTreeNode node, string path) => new(file, node.Line, node.Column, path);

        public List<ConnectionDefinition> EmptyFile()
        {
            Error(1, 1, "", "the file is empty: expected a mapping with a 'connections:' key");
            return [];
        }

        public List<ConnectionDefinition> ReadRoot(YamlTreeNode root, out List<PipelineDefinition> pipeline)
        {
            pipeline = [];
            var fields = ReadFields(root, "", required: [ConnectionsKey], optional: PipelineSections);
            if (fields is null)
            {
                return [];
            }
            pipeline = ReadPipeline(fields);
            if (!fields.TryGetValue(ConnectionsKey, out var connectionsNode))
            {
                return [];
            }
            if (connectionsNode is not YamlTreeMapping connections)
            {
                Error(connectionsNode, ConnectionsKey, "expected a mapping of connection key → definition (use '{}' for none)");
                return [];
            }
            var result = new List<ConnectionDefinition>();
            var namesSeen = new Dictionary<string, (string Key, int Line)>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in UniqueEntries(connections, ConnectionsKey))
            {
                var key = keyNode.Value;
                var path = ConnectionsKey + "." + key;
                if (!KeyPattern().IsMatch(key))
                {
                    Error(keyNode, path, "a connection key is 1-64 letters, digits, '-' or '_', starting with a letter or digit");
                    continue;
                }
                Declare(ConnectionsKey, key);
                var definition = ReadConnection(key, At(keyNode, path), value, path, namesSeen);
                if (definition is not null)
                {
                    result.Add(definition);
                }
            }
            return result;
        }

        private ConnectionDefinition? ReadConnection(string key, SourceLocation location, YamlTreeNode node, string path,
            Dictionary<string, (string Key, int Line)> namesSeen)
        {
            var errorsBefore = _errors.Count;
            // auth is optional here: whether the spec takes one (Data Landing Zone takes none) is the resolver's call.
            var fields = ReadFields(node, path, required: ["name"], optional: ["description", "source", "destination", "connectionSpec", "auth"]);
            if (fields is null)
            {
                return null;
            }
            var name = fields.TryGetValue("name", out var nameNode) ? ReadString(nameNode, path + ".name", nonEmpty: true) : null;
            // Checked even when the entry has other errors, so that one run reports everything.
            CheckUniqueName(name, nameNode, ConnectionsKey, key, "connections", namesSeen);
            var description = fields.TryGetValue("description", out var descriptionNode) ? ReadString(descriptionNode, path + ".description", nonEmpty: false) : null;

            string? source = null, specId = null, specVersion = null;
            ConnectionKind? declaredKind = null;
            var specLocation = location;
            var hasSource = fields.TryGetValue("source", out var sourceNode);
            var hasDestination = fields.TryGetValue("destination", out var destinationNode);
            var hasSpec = fields.TryGetValue("connectionSpec", out var specNode);
            if ((hasSource ? 1 : 0) + (hasDestination ? 1 : 0) + (hasSpec ? 1 : 0) > 1)
            {
                var (second, secondKey) = hasSpec ? (specNode!, "connectionSpec") : (destinationNode!, "destination");
                Error(second, path + "." + secondKey, "give one of 'source' or 'destination' (a catalog alias) or 'connectionSpec', not several");
            }
            else if (hasSource || hasDestination)
            {
                var (aliasNode, aliasKey) = hasSource ? (sourceNode!, "source") : (destinationNode!, "destination");
                source = ReadString(aliasNode, path + "." + aliasKey, nonEmpty: true);
                specLocation = At(aliasNode, path + "." + aliasKey);
                declaredKind = hasSource ? ConnectionKind.Source : ConnectionKind.Destination;
            }
            else if (hasSpec)
            {
                var specFields = ReadFields(specNode!, path + ".connectionSpec", required: ["id"], optional: ["version"]);
                if (specFields is not null)
                {
                    if (specFields.TryGetValue("id", out var idNode))
                    {
                        specId = ReadString(idNode, path + ".connectionSpec.id", nonEmpty: true);
                        specLocation = At(idNode, path + ".connectionSpec.id");
                    }
                    if (specFields.TryGetValue("version", out var versionNode))
                    {
                        specVersion = ReadString(versionNode, path + ".connectionSpec.version", nonEmpty: true);
                    }
                }
            }
            else
            {
                Error(node, path, "missing 'source' or 'destination' (a catalog alias such as 'mixpanel' or 's3-destination') or 'connectionSpec: { id, version }'");
            }

            string? authSpecName = null;
            var authSpecNameLocation = location;
            var parameters = new List<ParamDefinition>();
            var paramsLocation = location;
            if (fields.TryGetValue("auth", out var authNode))
            {
                paramsLocation = At(fields.KeyOf("auth"), path + ".auth");
                var authFields = ReadFields(authNode, path + ".auth", required: ["specName"], optional: ["params"]);
                if (authFields is not null)
                {
                    if (authFields.TryGetValue("specName", out var specNameNode))
                    {
                        authSpecName = ReadString(specNameNode, path + ".auth.specName", nonEmpty: true);
                        authSpecNameLocation = At(specNameNode, path + ".auth.specName");
                    }
                    if (authFields.TryGetValue("params", out var paramsNode))
                    {
                        paramsLocation = At(authFields.KeyOf("params"), path + ".auth.params");
                        ReadParams(paramsNode, path + ".auth.params", parameters);
                    }
                }
            }

            if (_errors.Count > errorsBefore || name is null || (source is null && specId is null))
            {
                return null;
            }
            return new ConnectionDefinition
            {
                Key = key,
                Location = location,
                Name = name,
                NameLocation = At(nameNode!, path + ".name"),
                Description = description,
                Source = source,
                DeclaredKind = declaredKind,
                ConnectionSpecId = specId,
                ConnectionSpecVersion = specVersion,
                SpecLocation = specLocation,
                AuthSpecName = authSpecName,
                AuthSpecNameLocation = authSpecNameLocation,
                Params = parameters,
                ParamsLocation = paramsLocation,
            };
        }

        private void Declare(string section, string key)
        {
            if (!_declaredKeys.TryGetValue(section, out var keys))
            {
                _declaredKeys[section] = keys = [];
            }
            keys.Add(key);
        }

        /// <summary>Names are unique per section: the service finds each kind of object by name (adopting one after a lost create).</summary>
        private void CheckUniqueName(string? name, YamlTreeNode? nameNode, string section, string key, string plural,
            Dictionary<string, (string Key, int Line)> namesSeen)
        {
            if (name is not null && !namesSeen.TryAdd(name, (key, nameNode!.Line)))
            {
                var first = namesSeen[name];
                Error(nameNode!, $"{section}.{key}.name", $"duplicate name: '{name}' is also the name of {section}.{first.Key} (line {first.Line}); "
                    + $"the service finds {plural} by name, so names must be unique");
            }
        }

        private void ReadParams(YamlTreeNode node, string path, List<ParamDefinition> into)
        {
            if (node is not YamlTreeMapping mapping)
            {
                Error(node, path, "expected a mapping of param name → value");
                return;
            }
            foreach (var (keyNode, value) in UniqueEntries(mapping, path))
            {
                var paramPath = path + "." + keyNode.Value;
                var location = At(value, paramPath);
                switch (value)
                {
                    case YamlTreeScalar { Kind: YamlScalarKind.Null }:
                        Error(value, paramPath, "the param has no value; give a value, a { secret: NAME } reference, or remove it");
                        break;
                    case YamlTreeScalar scalar:
                        into.Add(new ParamDefinition(keyNode.Value, YamlTreeJson.ToJson(scalar), null, location));
                        break;
                    case YamlTreeMapping reference:
                        var secret = ReadSecretReference(reference, paramPath);
                        if (secret is not null)
                        {
                            into.Add(new ParamDefinition(keyNode.Value, null, secret, location));
                        }
                        break;
                    default:
                        Error(value, paramPath, "a param is a string, number, boolean or a { secret: NAME } reference, not a list");
                        break;
                }
            }
        }

        private string? ReadSecretReference(YamlTreeMapping node, string path)
        {
            var fields = ReadFields(node, path, required: ["secret"], optional: [],
                unknownHint: "a mapping param value must be exactly { secret: NAME }");
            if (fields is null || !fields.TryGetValue("secret", out var nameNode))
            {
                return null;
            }
            var name = ReadString(nameNode, path + ".secret", nonEmpty: true);
            if (name is not null && !SecretNamePattern().IsMatch(name))
            {
                Error(nameNode, path + ".secret", "a secret name is letters, digits and '_', starting with a letter (it maps to the environment variable AEP_SECRET_<NAME>)");
                return null;
            }
            return name;
        }

        /// <summary>A mapping's entries by key, reporting non-mappings, unknown keys, missing and duplicate keys.</summary>
        private Fields? ReadFields(YamlTreeNode node, string path, string[] required, string[] optional, string? unknownHint = null)
        {
            if (node is not YamlTreeMapping mapping)
            {
                Error(node, path, $"expected a mapping with {Describe(required, optional)}, found {KindOf(node)}");
                return null;
            }
            var fields = new Fields();
            foreach (var (keyNode, value) in UniqueEntries(mapping, path))
            {
                if (required.Contains(keyNode.Value) || optional.Contains(keyNode.Value))
                {
                    fields.Add(keyNode, value);
                }
                else
                {
                    Error(keyNode, Join(path, keyNode.Value),
                        $"unknown key '{keyNode.Value}'" + (unknownHint is null ? $"; allowed: {string.Join(", ", required.Concat(optional))}" : "; " + unknownHint));
                }
            }
            foreach (var missing in required.Where(r => !fields.ContainsKey(r)))
            {
                Error(node, Join(path, missing), $"missing required key '{missing}'");
            }
            return fields;
        }

        private IEnumerable<(YamlTreeScalar Key, YamlTreeNode Value)> UniqueEntries(YamlTreeMapping mapping, string path)
        {
            var seen = new Dictionary<string, YamlTreeScalar>(StringComparer.Ordinal);
            foreach (var entry in mapping.Entries)
            {
                if (entry.Key is not YamlTreeScalar key || key.Kind == YamlScalarKind.Null)
                {
                    Error(entry.Key, path, "a key must be a plain name");
                    continue;
                }
                if (seen.TryGetValue(key.Value, out var first))
                {
                    Error(key, Join(path, key.Value), $"duplicate key '{key.Value}' (first defined at line {first.Line}, column {first.Column})");
                    continue;
                }
                seen.Add(key.Value, key);
                yield return (key, entry.Value);
            }
        }

        private string? ReadString(YamlTreeNode node, string path, bool nonEmpty)
        {
            if (node is not YamlTreeScalar { Kind: YamlScalarKind.String } scalar)
            {
                Error(node, path, $"expected a string, found {KindOf(node)}" + (node is YamlTreeScalar ? " (quote it to make it a string)" : ""));
                return null;
            }
            if (nonEmpty && string.IsNullOrWhiteSpace(scalar.Value))
            {
                Error(node, path, "must not be empty");
                return null;
            }
            return scalar.Value;
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

        private static string Describe(string[] required, string[] optional) => "keys " + string.Join(", ", required.Concat(optional));

        private static string KindOf(YamlTreeNode node) => node switch
        {
            YamlTreeMapping => "a mapping",
            YamlTreeSequence => "a list",
            YamlTreeScalar { Kind: YamlScalarKind.Null } => "nothing (null)",
            YamlTreeScalar { Kind: YamlScalarKind.Boolean } => "a boolean",
            YamlTreeScalar { Kind: YamlScalarKind.Integer } => "an integer",
            YamlTreeScalar { Kind: YamlScalarKind.Float } => "a number",
            _ => "a string",
        };
    }
}
