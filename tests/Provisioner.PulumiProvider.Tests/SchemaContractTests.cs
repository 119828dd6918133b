using System.Text.Json;
using YamlDotNet.Serialization;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>Contract tests the project cannot fool itself with: the plugin's GetSchema against Pulumi's package
/// metaschema, and the repository's Pulumi.yaml against Pulumi's project schema.</summary>
public sealed class SchemaContractTests
{
    [Fact]
    public async Task GetSchema_is_a_valid_Pulumi_package_schema()
    {
        using var schema = await GetSchemaAsync();

        var errors = SchemaValidation.Validate("package-metaschema.json", schema.RootElement);

        Assert.Empty(errors);
    }

    [Fact]
    public void The_metaschema_check_can_fail()
    {
        // Guards the guard: a resource token without a module separator and a bad property type are rejected.
        using var broken = JsonDocument.Parse("""{"name":"aep","resources":{"BaseConnection":{"properties":{"x":{"type":"text"}}}}}""");

        Assert.NotEmpty(SchemaValidation.Validate("package-metaschema.json", broken.RootElement));
    }

    [Fact]
    public async Task GetSchema_declares_the_resource_functions_config_and_secrets()
    {
        using var schema = await GetSchemaAsync();
        var root = schema.RootElement;

        Assert.Equal("aep", root.GetProperty("name").GetString());
        Assert.Equal("0.1.0", root.GetProperty("version").GetString());

        var variables = root.GetProperty("config").GetProperty("variables");
        foreach (var key in new[] { "endpoint", "imsEndpoint", "clientId", "clientSecret", "orgId", "sandboxName", "accessToken" })
        {
            Assert.False(string.IsNullOrWhiteSpace(variables.GetProperty(key).GetProperty("description").GetString()));
            Assert.Equal(key is "clientSecret" or "accessToken", variables.GetProperty(key).TryGetProperty("secret", out var s) && s.GetBoolean());
        }
        var providerInputs = root.GetProperty("provider").GetProperty("inputProperties");
        Assert.True(providerInputs.GetProperty("clientSecret").GetProperty("secret").GetBoolean());
        Assert.False(providerInputs.TryGetProperty("version", out _)); // reserved by the engine

        var resource = root.GetProperty("resources").GetProperty("aep:flowservice:BaseConnection");
        Assert.Equal(["connectionSpec", "name"], resource.GetProperty("requiredInputs").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.True(resource.GetProperty("inputProperties").GetProperty("connectionSpec").GetProperty("replaceOnChanges").GetBoolean());
        foreach (var output in new[] { "etag", "state", "createdAt", "updatedAt", "sandboxName", "imsOrgId" })
        {
            Assert.False(string.IsNullOrWhiteSpace(resource.GetProperty("properties").GetProperty(output).GetProperty("description").GetString()));
        }

        var auth = root.GetProperty("types").GetProperty("aep:flowservice:ConnectionAuth").GetProperty("properties");
        Assert.True(auth.GetProperty("params").GetProperty("secret").GetBoolean());
        Assert.True(auth.GetProperty("specName").GetProperty("replaceOnChanges").GetBoolean());

        var functions = root.GetProperty("functions");
        Assert.True(functions.TryGetProperty("aep:flowservice:getConnectionSpec", out _));
        Assert.True(functions.TryGetProperty("aep:flowservice:exploreRoot", out _));
        Assert.True(functions.TryGetProperty("aep:flowservice:testConnection", out _));
    }

    [Fact]
    public void Pulumi_yaml_is_a_valid_Pulumi_project()
    {
        var project = YamlToJson(RepoRoot.Combine("Pulumi.yaml"));

        Assert.Empty(SchemaValidation.Validate("project.json", project.RootElement));
        Assert.Equal("yaml", project.RootElement.GetProperty("runtime").GetString());
        Assert.Equal("stacks", project.RootElement.GetProperty("stackConfigDir").GetString());
        var plugin = Assert.Single(project.RootElement.GetProperty("plugins").GetProperty("providers").EnumerateArray());
        Assert.Equal("aep", plugin.GetProperty("name").GetString());
        Assert.Equal("./bin", plugin.GetProperty("path").GetString());
        Assert.True(File.Exists(RepoRoot.Combine("infra", "Main.yaml")));
    }

    [Fact]
    public async Task The_program_uses_only_what_the_schema_declares()
    {
        using var schema = await GetSchemaAsync();
        var program = YamlToJson(RepoRoot.Combine("infra", "Main.yaml")).RootElement;
        var resource = program.GetProperty("resources").GetProperty("connections");
        Assert.Equal("aep:flowservice:BaseConnectionSet", resource.GetProperty("type").GetString());
        var declared = schema.RootElement.GetProperty("resources").GetProperty(resource.GetProperty("type").GetString()!).GetProperty("inputProperties");

        foreach (var property in resource.GetProperty("properties").EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(property.Name, out _), $"infra/Main.yaml sets undeclared property '{property.Name}'");
        }
        var properties = resource.GetProperty("properties");
        Assert.Equal("./connections.yaml", properties.GetProperty("definitions").GetProperty("fn::readFile").GetString());
        Assert.True(File.Exists(RepoRoot.Combine("infra", "connections.yaml")));

        // Every secret the definitions reference is passed from a secret config value of the same name.
        var definitions = File.ReadAllText(RepoRoot.Combine("infra", "connections.yaml"));
        var referenced = System.Text.RegularExpressions.Regex.Matches(definitions, @"(?m)^[^#\n]*\{\s*secret:\s*(\w+)\s*\}").Select(m => m.Groups[1].Value).ToHashSet();
        var passed = properties.GetProperty("secrets").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(referenced.Order(), passed.Order());
        foreach (var name in referenced)
        {
            // YAML scalars come through as strings.
            Assert.Equal("true", program.GetProperty("config").GetProperty(name).GetProperty("secret").GetString());
            Assert.Equal("${" + name + "}", properties.GetProperty("secrets").GetProperty(name).GetString());
        }
        Assert.Equal("${connections.connections}", program.GetProperty("outputs").GetProperty("connections").GetString());

        // Stack files: no secret in clear text except the emulator's documented public test credential.
        var dev = File.ReadAllText(RepoRoot.Combine("stacks", "Pulumi.dev.yaml"));
        Assert.DoesNotMatch(@"(?m)^\s*aep:(clientSecret|accessToken):", dev);
        Assert.DoesNotMatch(@"(?m)^\s*[\w-]+:mixpanelPassword:", dev);
        var local = File.ReadAllText(RepoRoot.Combine("stacks", "Pulumi.local.yaml"));
        Assert.Contains("aep:endpoint: http://127.0.0.1:5080", local, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_resource_of_the_program_sets_only_declared_inputs_gives_the_required_ones_and_passes_Check()
    {
        using var schema = await GetSchemaAsync();
        var program = YamlToJson(RepoRoot.Combine("infra", "Main.yaml")).RootElement;
        await using var plugin = await InProcessPlugin.StartAsync();
        var types = new List<string>();
        foreach (var resource in program.GetProperty("resources").EnumerateObject())
        {
            var type = resource.Value.GetProperty("type").GetString()!;
            types.Add(type);
            var spec = schema.RootElement.GetProperty("resources").GetProperty(type);
            var properties = resource.Value.GetProperty("properties");
            foreach (var property in properties.EnumerateObject())
            {
                Assert.True(spec.GetProperty("inputProperties").TryGetProperty(property.Name, out _), $"infra/Main.yaml: {resource.Name} sets undeclared property '{property.Name}'");
            }
            foreach (var required in spec.GetProperty("requiredInputs").EnumerateArray())
            {
                Assert.True(properties.TryGetProperty(required.GetString()!, out _), $"infra/Main.yaml: {resource.Name} lacks required '{required.GetString()}'");
            }
            if (type == "aep:flowservice:BaseConnectionSet")
            {
                continue; // its Check reads files and secrets: The_program_uses_only_what_the_schema_declares
            }
            // Another resource's output (${x.id}) stands in as an id, as the engine resolves it before Check; this
            // YAML-to-JSON reading makes every scalar a string, so the booleans are put back (numbers may be digit strings).
            var json = System.Text.RegularExpressions.Regex.Replace(properties.GetRawText(), @"\$\{[^}]+\}", "resolved-id")
                .Replace("\"true\"", "true", StringComparison.Ordinal).Replace("\"false\"", "false", StringComparison.Ordinal);
            var check = await new Driver(plugin.Client, resource.Name, type).CheckAsync(Google.Protobuf.WellKnownTypes.Struct.Parser.ParseJson(json));
            Assert.Empty(check.Failures);
        }
        // The set owns the whole file, pipeline included: a per-object resource beside it would own the same names twice.
        Assert.Equal(["aep:flowservice:BaseConnectionSet"], types);
        // Every output the program exports is one the set declares.
        foreach (var output in program.GetProperty("outputs").EnumerateObject())
        {
            var match = System.Text.RegularExpressions.Regex.Match(output.Value.GetString()!, @"^\$\{connections\.(\w+)");
            Assert.True(match.Success, $"infra/Main.yaml: output {output.Name} reads something other than the set");
            Assert.True(schema.RootElement.GetProperty("resources").GetProperty("aep:flowservice:BaseConnectionSet").GetProperty("properties").TryGetProperty(match.Groups[1].Value, out _),
                $"infra/Main.yaml: output {output.Name} reads undeclared output '{match.Groups[1].Value}'");
        }
    }

    private static async Task<JsonDocument> GetSchemaAsync()
    {
        await using var plugin = await InProcessPlugin.StartAsync();
        var response = await plugin.Client.GetSchemaAsync(new GetSchemaRequest());
        return JsonDocument.Parse(response.Schema);
    }

    private static JsonDocument YamlToJson(string path)
    {
        var yaml = new DeserializerBuilder().Build().Deserialize(new StringReader(File.ReadAllText(path)));
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml!);
        return JsonDocument.Parse(json);
    }
}
