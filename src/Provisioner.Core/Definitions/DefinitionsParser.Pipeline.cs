using Provisioner.Core.Definitions.Yaml;
using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Definitions;

/// <summary>The structure of <c>sourceConnections:</c>, <c>targetConnections:</c> and <c>dataflows:</c>: Adobe's field
/// names inside (<c>data</c>, <c>params</c>, <c>transformations</c>), references to other entries by key
/// (<c>baseConnection</c>, <c>source</c>, <c>target</c>), <c>schedule</c> for <c>scheduleParams</c>.</summary>
public static partial class DefinitionsParser
{
    private static readonly string[] SchemaFields = ["id", "version"];
    private static readonly string[] ScheduleFields = ["startTime", "frequency", "interval", "backfill"];

    private sealed partial class Walker
    {
        private const int MaxLiteralValues = 100_000;
        private int _literalValues;

        public List<PipelineDefinition> ReadPipeline(Fields root)
        {
            var result = new List<PipelineDefinition>();
            foreach (var info in PipelineKindInfo.All)
            {
                if (!root.TryGetValue(info.Section, out var sectionNode))
                {
                    continue;
                }
                if (sectionNode is not YamlTreeMapping section)
                {
                    Error(sectionNode, info.Section, $"expected a mapping of {info.Noun} key → definition (use '{{}}' for none)");
                    continue;
                }
                var namesSeen = new Dictionary<string, (string Key, int Line)>(StringComparer.Ordinal);
                foreach (var (keyNode, value) in UniqueEntries(section, info.Section))
                {
                    var key = keyNode.Value;
                    var path = info.Section + "." + key;
                    if (!KeyPattern().IsMatch(key))
                    {
                        Error(keyNode, path, $"a {info.Noun} key is 1-64 letters, digits, '-' or '_', starting with a letter or digit");
                        continue;
                    }
                    Declare(info.Section, key);
                    if (ReadPipelineEntry(info, key, At(keyNode, path), value, path, namesSeen) is { } definition)
                    {
                        result.Add(definition);
                    }
                }
            }
            return result;
        }

        private PipelineDefinition? ReadPipelineEntry(PipelineKindInfo info, string key, SourceLocation location, YamlTreeNode node, string path,
            Dictionary<string, (string Key, int Line)> namesSeen)
        {
            var errorsBefore = _errors.Count;
            var fields = info.Kind switch
            {
                PipelineKind.SourceConnection => ReadFields(node, path, required: ["name", "baseConnection", "data"], optional: ["description", "params"]),
                PipelineKind.TargetConnection => ReadFields(node, path, required: ["name", "data"], optional: ["description", "connectionSpec", "baseConnection", "params"]),
                _ => ReadFields(node, path, required: ["name", "flowSpec", "source", "target"],
                    optional: ["description", "schedule", "transformations", "enabled"]),
            };
            if (fields is null)
            {
                return null;
            }
            var body = new JsonObject();
            var name = fields.TryGetValue("name", out var nameNode) ? ReadString(nameNode, path + ".name", nonEmpty: true) : null;
            CheckUniqueName(name, nameNode, info.Section, key, info.Noun + "s", namesSeen);
            body["name"] = name;
            if (fields.TryGetValue("description", out var descriptionNode) && ReadString(descriptionNode, path + ".description", nonEmpty: false) is { } description)
            {
                body["description"] = description;
            }
            if (fields.TryGetValue("data", out var dataNode))
            {
                body["data"] = ReadData(dataNode, path + ".data");
            }
            var paramsLocation = location;
            if (fields.TryGetValue("params", out var paramsNode))
            {
                paramsLocation = At(fields.KeyOf("params"), path + ".params");
                body["params"] = ReadLiteralObject(paramsNode, path + ".params", info);
            }

            var references = new List<KeyReference>();
            ReadReference(fields, "baseConnection", "baseConnectionId", null, path, references);
            ReadReference(fields, "source", "sourceConnectionIds", PipelineKind.SourceConnection, path, references);
            ReadReference(fields, "target", "targetConnectionIds", PipelineKind.TargetConnection, path, references);

            string? specId = null, specVersion = null;
            var specLocation = location;
            if (fields.TryGetValue("connectionSpec", out var specNode)
                && ReadFields(specNode, path + ".connectionSpec", required: ["id"], optional: ["version"]) is { } specFields)
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

            FlowSpecDefinition? flowSpec = null;
            bool? enabled = null;
            if (info.Kind == PipelineKind.Dataflow)
            {
                flowSpec = fields.TryGetValue("flowSpec", out var flowSpecNode) ? ReadFlowSpec(flowSpecNode, path + ".flowSpec") : null;
                if (fields.TryGetValue("schedule", out var scheduleNode))
                {
                    body["scheduleParams"] = ReadSchedule(scheduleNode, path + ".schedule");
                }
                if (fields.TryGetValue("transformations", out var transformationsNode))
                {
                    body["transformations"] = ReadTransformations(transformationsNode, path + ".transformations", info);
                }
                enabled = true;
                if (fields.TryGetValue("enabled", out var enabledNode))
                {
                    enabled = ReadBoolean(enabledNode, path + ".enabled");
                }
            }

            if (_errors.Count > errorsBefore || name is null)
            {
                return null;
            }
            return new PipelineDefinition
            {
                Kind = info.Kind,
                Key = key,
                Location = location,
                Name = name,
                Body = body,
                References = references,
                ConnectionSpecId = specId,
                ConnectionSpecVersion = specVersion,
                SpecLocation = specLocation,
                ParamsLocation = paramsLocation,
                FlowSpec = flowSpec,
                Enabled = enabled,
            };
        }

        /// <summary>A reference by key: the YAML field <paramref name="yamlField"/> names an entry of <paramref name="kind"/>
        /// (<c>null</c>: a base connection), whose id fills the body's <paramref name="bodyField"/>.</summary>
        private void ReadReference(Fields fields, string yamlField, string bodyField, PipelineKind? kind, string path, List<KeyReference> into)
        {
            if (fields.TryGetValue(yamlField, out var node) && ReadString(node, path + "." + yamlField, nonEmpty: true) is { } key)
            {
                into.Add(new KeyReference(bodyField, new ObjectRef(kind, key), At(node, path + "." + yamlField)));
            }
        }

        /// <summary><c>data</c>: Adobe's <c>format</c> (required), the target XDM <c>schema</c> and format <c>properties</c>.</summary>
        private JsonObject? ReadData(YamlTreeNode node, string path)
        {
            var fields = ReadFields(node, path, required: ["format"], optional: ["schema", "properties"]);
            if (fields is null)
            {
                return null;
            }
            var data = new JsonObject();
            if (fields.TryGetValue("format", out var formatNode))
            {
                data["format"] = ReadString(formatNode, path + ".format", nonEmpty: true);
            }
            if (fields.TryGetValue("schema", out var schemaNode) && ReadFields(schemaNode, path + ".schema", required: ["id"], optional: ["version"]) is { } schemaFields)
            {
                var schema = new JsonObject();
                foreach (var field in SchemaFields)
                {
                    if (schemaFields.TryGetValue(field, out var valueNode))
                    {
                        schema[field] = ReadString(valueNode, path + ".schema." + field, nonEmpty: true);
                    }
                }
                data["schema"] = schema;
            }
            if (fields.TryGetValue("properties", out var propertiesNode))
            {
                data["properties"] = ReadLiteralObject(propertiesNode, path + ".properties", null);
            }
            return data;
        }

        private FlowSpecDefinition? ReadFlowSpec(YamlTreeNode node, string path)
        {
            if (node is YamlTreeScalar)
            {
                return ReadString(node, path, nonEmpty: true) is { } name ? new FlowSpecDefinition(name, null, null, At(node, path)) : null;
            }
            if (node is not YamlTreeMapping)
            {
                Error(node, path, $"expected a flow spec name (such as RestStorageToAEP) or {{ id, version }}, found {KindOf(node)}");
                return null;
            }
            var fields = ReadFields(node, path, required: ["id"], optional: ["version"]);
            string? id = null, version = null;
            var location = At(node, path);
            if (fields is not null && fields.TryGetValue("id", out var idNode))
            {
                id = ReadString(idNode, path + ".id", nonEmpty: true);
                location = At(idNode, path + ".id");
            }
            if (fields is not null && fields.TryGetValue("version", out var versionNode))
            {
                version = ReadString(versionNode, path + ".version", nonEmpty: true);
            }
            // Stryker disable once Conditional : without an id an error was reported, and a file with errors yields no definitions
            return id is null ? null : new FlowSpecDefinition(null, id, version, location);
        }

        /// <summary><c>schedule</c> → <c>scheduleParams</c>: the keys here, the values by <see cref="PipelineRules.Schedule"/>
        /// (the same rules a Dataflow resource's Check applies), each problem at the node it is about.</summary>
        private JsonObject? ReadSchedule(YamlTreeNode node, string path)
        {
            var fields = ReadFields(node, path, required: ["startTime", "frequency"], optional: ["interval", "backfill"]);
            if (fields is null)
            {
                return null;
            }
            var written = new JsonObject();
            foreach (var field in ScheduleFields)
            {
                if (fields.TryGetValue(field, out var valueNode))
                {
                    written[field] = YamlTreeJson.ToJson(valueNode);
                }
            }
            var (schedule, problems) = PipelineRules.Schedule(written);
            foreach (var problem in problems)
            {
                YamlTreeNode at = !fields.ContainsKey(problem.Field) ? node
                    : problem.OnKey ? fields.KeyOf(problem.Field)
                    : fields.TryGetValue(problem.Field, out var value) ? value : node;
                Error(at, path + "." + problem.Field, problem.Message);
            }
            return schedule;
        }

        private bool? ReadBoolean(YamlTreeNode node, string path)
        {
            if (node is YamlTreeScalar { Kind: YamlScalarKind.Boolean } scalar)
            {
                return scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            Error(node, path, $"expected true or false, found {KindOf(node)}");
            return null;
        }

        /// <summary><c>transformations</c>: a list of <c>{ name, params }</c> (<c>FlowTransformationDTO</c> requires both).</summary>
        private JsonArray? ReadTransformations(YamlTreeNode node, string path, PipelineKindInfo info)
        {
            if (node is not YamlTreeSequence sequence)
            {
                Error(node, path, $"expected a list of {{ name, params }}, found {KindOf(node)}");
                return null;
            }
            var result = new JsonArray();
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (ReadFields(sequence.Items[i], itemPath, required: ["name", "params"], optional: []) is not { } fields)
                {
                    continue;
                }
                var transformation = new JsonObject();
                if (fields.TryGetValue("name", out var nameNode))
                {
                    transformation["name"] = ReadString(nameNode, itemPath + ".name", nonEmpty: true);
                }
                if (fields.TryGetValue("params", out var paramsNode))
                {
                    transformation["params"] = ReadLiteralObject(paramsNode, itemPath + ".params", info);
                }
                result.Add((JsonNode)transformation); // the JsonNode overload: Add<T> is not trim-safe (Native AOT publish)
            }
            return result;
        }

        /// <summary>A mapping of literal values passed to the service as written (nested mappings and lists allowed);
        /// duplicate keys, values left empty and secret references are errors.</summary>
        private JsonObject? ReadLiteralObject(YamlTreeNode node, string path, PipelineKindInfo? info)
        {
            if (node is not YamlTreeMapping)
            {
                Error(node, path, $"expected a mapping, found {KindOf(node)}");
                return null;
            }
            _literalValues = 0;
            return (JsonObject?)ReadLiteral(node, path, info);
        }

        private JsonNode? ReadLiteral(YamlTreeNode node, string path, PipelineKindInfo? info)
        {
            // YAML aliases can make a small mapping expand to billions of values ("billion laughs"): stop, once, at a budget.
            if (++_literalValues > MaxLiteralValues)
            {
                if (_literalValues == MaxLiteralValues + 1)
                {
                    Error(node, path, $"too many values: this mapping holds more than {MaxLiteralValues} (YAML aliases count each time they are used)");
                }
                return null;
            }
            switch (node)
            {
                case YamlTreeMapping mapping when mapping.Entries is [{ Key: YamlTreeScalar { Value: "secret" } }]:
                    Error(node, path, $"a secret reference is not allowed in a {info?.Noun ?? "pipeline object"}: only a base connection carries "
                        + "credentials (connections.<key>.auth.params, where secrets are kept out of state, logs and outputs); "
                        + "this value is sent and stored as written, so give a literal");
                    return null;
                case YamlTreeMapping mapping:
                    var result = new JsonObject();
                    foreach (var (keyNode, value) in UniqueEntries(mapping, path))
                    {
                        result[keyNode.Value] = ReadLiteral(value, Join(path, keyNode.Value), info);
                    }
                    return result;
                case YamlTreeSequence sequence:
                    return new JsonArray([.. sequence.Items.Select((item, i) => ReadLiteral(item, $"{path}[{i}]", info))]);
                case YamlTreeScalar { Kind: YamlScalarKind.Null }:
                    Error(node, path, "the value is empty; give a value or remove the key");
                    return null;
                default:
                    return YamlTreeJson.ToJson((YamlTreeScalar)node);
            }
        }
    }
}
