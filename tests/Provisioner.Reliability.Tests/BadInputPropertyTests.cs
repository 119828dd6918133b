using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Provisioner.Core.Definitions;
using Provisioner.Emulator.Catalog;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Protocol;
using Provisioner.PulumiProvider.Resources;
using Pulumirpc;

namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 6. Random and mutated input at every door — the definitions parser, the plugin's Struct decoder, the
/// emulator's HTTP handling and the plugin's gRPC methods: never a crash or a hang, always success or a clear,
/// located error; the emulator's store stays consistent and the plugin keeps answering.
/// </summary>
public sealed class BadInputPropertyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    // ---------- definitions parser ----------

    private static readonly string ValidYaml = Service.DefinitionsYaml(3, "fuzz") + """
          s3:
            name: S3 landing
            source: amazon-s3
            auth:
              specName: Access Key
              params: { s3AccessKey: AKIA, s3SecretKey: { secret: s3Secret } }

        """;

    private static readonly string[] YamlPieces =
    [
        ":", " ", "\n", "  ", "- ", "{", "}", "[", "]", ",", "#", "&a", "*a", "!!str", "!!binary", "|", ">", "'", "\"", "?", "%YAML 1.2\n", "---\n", "...\n",
        "connections", "name", "source", "mixpanel", "auth", "specName", "params", "secret", "connectionSpec", "id", "version", "\t", "~", "null",
        "<<: *a", "\\u0000", "\u00e9", "\ud83d\ude00", "0x1F", "1e400", "true", "key", "description",
    ];

    private static readonly Gen<string> MutatedYaml =
        Gen.Select(Gen.Int[0, ValidYaml.Length], Gen.Int[0, 8], Gen.Int[0, YamlPieces.Length - 1].Array[1, 4], (at, cut, pieces) =>
            ValidYaml[..at] + string.Concat(pieces.Select(p => YamlPieces[p])) + ValidYaml[Math.Min(ValidYaml.Length, at + cut)..]);

    private static readonly Gen<string> RandomYaml = Gen.Int[0, YamlPieces.Length - 1].Array[0, 40].Select(p => string.Concat(p.Select(i => YamlPieces[i])));

    [Fact]
    public async Task The_definitions_parser_and_resolver_always_succeed_or_give_located_errors()
    {
        var iterations = Scale.Pick(1500, 20000);
        var embedded = ConnectionSpecCatalog.LoadEmbedded();
        var catalog = new InMemoryConnectionSpecCatalog(embedded.Sources.Select(s => s.ToServiceJson().Deserialize<ConnectionSpec>()!),
            embedded.Sources.Select(s => KeyValuePair.Create(s.Alias, s.Id)));
        var secrets = new DictionarySecretSource(new Dictionary<string, string> { [Service.PasswordSecret] = "pw", ["s3Secret"] = "s3" });
        int succeeded = 0, located = 0;

        async Task Check(string yaml)
        {
            var run = Task.Run(() => DefinitionsResolver.LoadAsync(yaml, "fuzz.yaml", catalog, secrets));
            Assert.True(await Task.WhenAny(run, Task.Delay(HangGuard)) == run, "the parser hung on:\n" + yaml);
            var result = await run; // an exception here is a crash: the test fails with the input
            if (result.Succeeded)
            {
                Interlocked.Increment(ref succeeded);
                return;
            }
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e =>
            {
                Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1, $"unlocated error '{e}' for:\n{yaml}");
                Assert.Equal("fuzz.yaml", e.Location.File);
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            });
            Interlocked.Increment(ref located);
        }

        await MutatedYaml.SampleAsync(Check, iter: iterations, threads: 1);
        await RandomYaml.SampleAsync(Check, iter: iterations / 3, threads: 1);
        Figures.Record(output, "bad-input-definitions", new Dictionary<string, object?>
        {
            ["inputs"] = succeeded + located, ["accepted"] = succeeded, ["rejectedWithLocatedErrors"] = located, ["crashes"] = 0, ["hangs"] = 0,
        });
        Assert.True(located > 0 && succeeded > 0, "the generators must produce both valid and invalid files");
    }

    // ---------- the plugin's Struct <-> PropertyValue decoder ----------

    private static readonly string[] Strings =
    [
        "", "x", PropertyValueCodec.UnknownSentinel, "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", PropertyValueCodec.SecretSignature,
        PropertyValueCodec.OutputValueSignature, PropertyValueCodec.SignatureKey, "5cf8f73096256a8f31e491e813e4eb8e", "\u0000", "name", "value",
    ];

    private static readonly Gen<Value> Scalar = Gen.OneOf(
        Gen.Const(Value.ForNull()), Gen.Bool.Select(Value.ForBool), Gen.Double.Select(Value.ForNumber),
        Gen.Int[0, Strings.Length - 1].Select(i => Value.ForString(Strings[i])), Gen.String[0, 12].Select(Value.ForString),
        Gen.Const(new Value())); // a Value with no kind set at all

    private static Gen<Value> AnyValue(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (4, Scalar),
        (2, AnyValue(depth - 1).Array[0, 3].Select(items => Value.ForList(items))),
        (2, Gen.Select(Gen.Int[0, Strings.Length - 1].Array[0, 4], AnyValue(depth - 1).Array[4], (keys, values) => Value.ForStruct(StructOf(keys.Select(k => Strings[k]), values)))),
        // Pulumi's special objects, well- and ill-formed: signature with or without "value", wrong types, extra fields.
        (3, Gen.Select(Gen.Int[0, Strings.Length - 1], Gen.Bool, AnyValue(depth - 1), Gen.Bool, (sig, hasValue, inner, secretFlag) =>
        {
            var s = new Struct();
            s.Fields[PropertyValueCodec.SignatureKey] = sig % 3 == 0 ? Value.ForNumber(sig) : Value.ForString(Strings[sig]);
            if (hasValue) s.Fields["value"] = inner;
            s.Fields["secret"] = secretFlag ? Value.ForBool(true) : Value.ForString("yes");
            return Value.ForStruct(s);
        })));

    private static Struct StructOf(IEnumerable<string> keys, Value[] values)
    {
        var s = new Struct();
        var i = 0;
        foreach (var key in keys) s.Fields[key] = values[i++ % values.Length];
        return s;
    }

    private static readonly Gen<Struct> AnyStruct = Gen.Select(Gen.Int[0, 6].Select(n => n), AnyValue(3).Array[7], (n, values) =>
    {
        string[] keys = ["name", "description", "connectionSpec", "auth", "params", "specName", "id"];
        var s = new Struct();
        for (var i = 0; i < n; i++) s.Fields[keys[i]] = values[i];
        return s;
    });

    [Fact]
    public void The_struct_decoder_decodes_or_reports_every_random_struct_and_never_throws_unexpectedly()
    {
        var iterations = Scale.Pick(5000, 100000);
        int checkedOk = 0, checkFailures = 0, desiredErrors = 0;
        AnyStruct.Sample(s =>
        {
            var decoded = PropertyValueCodec.Decode(s);
            var encoded = PropertyValueCodec.Encode(decoded);
            Assert.Equal(decoded, PropertyValueCodec.Decode(encoded)); // decoding is stable across a round trip
            var (inputs, failures) = BaseConnectionInputs.Check(decoded);
            Assert.All(failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
            if (failures.Count > 0)
            {
                Interlocked.Increment(ref checkFailures);
                return;
            }
            try
            {
                _ = BaseConnectionInputs.ToDesired(inputs, unknownPlaceholder: "<unknown>");
                Interlocked.Increment(ref checkedOk);
            }
            catch (ProviderException e) when (e.Code == StatusCode.InvalidArgument && e.Message.Length > 0)
            {
                Interlocked.Increment(ref desiredErrors);
            }
        }, iter: iterations);
        Figures.Record(output, "bad-input-struct-decoder", new Dictionary<string, object?>
        {
            ["structs"] = checkedOk + checkFailures + desiredErrors, ["accepted"] = checkedOk, ["checkFailures"] = checkFailures,
            ["invalidArgumentErrors"] = desiredErrors, ["unhandledExceptions"] = 0,
        });
    }

    // ---------- the emulator's request handling ----------

    private static readonly string[] Methods = ["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"];

    private static readonly string[] Paths =
    [
        "connections", "connections/{id}", "connections/{id}/explore?objectType=root", "connections/{id}/explore", "connections/not-a-guid",
        "connections/00000000-0000-0000-0000-000000000000", "connections/%00", "connections/..%2F..%2Fetc", "connectionSpecs", "connectionSpecs/{spec}",
        "connectionSpecs/nope", "connections?property=name==x&limit=0", "connections?continuationToken=%FF", "connections/{id}/", "connections//",
        "connections/" + new string('a', 3000), "", "flows",
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "{}", "\"x\"", "[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"d\"}]",
        "[{\"op\":\"remove\",\"path\":\"/name\"}]", "[{\"op\":\"replace\",\"path\":\"/auth/params/password\",\"value\":5}]", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]",
        "[{\"op\":\"replace\",\"path\":\"/connectionSpec/id\",\"value\":\"x\"}]", "[{\"op\":\"test\"}]", "[{\"path\":\"/name\"}]", "[null]", "[{\"op\":\"add\",\"path\":\"/~2\",\"value\":{}}]",
        "{\"name\":\"n\",\"connectionSpec\":{\"id\":\"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb\",\"version\":\"1.0\"},\"auth\":{\"specName\":\"Basic Authentication\",\"params\":{}}}",
        "{\"name\":\"\",\"connectionSpec\":{},\"auth\":[]}", "{\"name\":" + new string('[', 500) + "}", "{\"name\":\"\\ud800\"}", "{\"a\":1e999999}",
    ];

    private sealed record FuzzRequest(string Method, string Path, int HeaderMask, string Garbage, string Body, string ContentType, string? IfMatch);

    private static readonly Gen<FuzzRequest> Requests = Gen.Select(Gen.Int[0, Methods.Length - 1], Gen.Int[0, Paths.Length - 1],
        Gen.Frequency((3, Gen.Const(15)), (1, Gen.Int[0, 63])), // mostly valid gateway headers, so requests reach the service's handlers
        Gen.String[0, 20], Gen.Int[0, Bodies.Length - 1], Gen.Int[0, 3], Gen.Int[0, 3],
        (m, p, mask, garbage, b, ct, ifMatch) => new FuzzRequest(Methods[m], Paths[p], mask, garbage, Bodies[b],
            ct switch { 0 => "application/json", 1 => "text/plain", 2 => "application/json-patch+json", _ => "" },
            ifMatch switch { 0 => null, 1 => "{etag}", 2 => "\"stale\"", _ => "*" }));

    [Fact]
    public async Task The_emulator_answers_every_random_request_with_a_well_formed_4xx_and_its_store_stays_consistent()
    {
        var iterations = Scale.Pick(1500, 20000);
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        var token = emulator.IssueAccessToken();
        var seed = new JsonObject
        {
            ["name"] = "fuzz target", ["connectionSpec"] = new JsonObject { ["id"] = Service.MixpanelSpecId, ["version"] = "1.0" },
            ["auth"] = new JsonObject { ["specName"] = "Basic Authentication", ["params"] = new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u", ["password"] = "p" } },
        };
        using var created = await Send(http, token, 63, "POST", "connections", seed.ToJsonString(), "application/json", null);
        var target = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = (string)target["id"]!;
        var etag = (string)target["etag"]!;
        var statuses = new Dictionary<int, int>();
        var refusedByHttpServer = 0;

        await Requests.SampleAsync(async r =>
        {
            var path = r.Path.Replace("{id}", id, StringComparison.Ordinal).Replace("{spec}", Service.MixpanelSpecId, StringComparison.Ordinal);
            using var response = await Send(http, token, r.HeaderMask, r.Method, path, r.Body, r.ContentType, r.IfMatch?.Replace("{etag}", etag, StringComparison.Ordinal), r.Garbage);
            var status = (int)response.StatusCode;
            lock (statuses) statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{r} → {status}");
            if (status == 400 && !response.Headers.Contains("x-request-id"))
            {
                // Kestrel itself refuses a request line it cannot decode (a NUL in the path) before any emulator
                // code runs: 400, no body, connection closed — as any HTTP server in front of the service would.
                Interlocked.Increment(ref refusedByHttpServer);
                Assert.Empty(await response.Content.ReadAsStringAsync());
                return;
            }
            if (status >= 400 && r.Method != "HEAD")
            {
                var text = await response.Content.ReadAsStringAsync();
                var body = JsonNode.Parse(text) as JsonObject;
                Assert.True(body is not null && (body["type"] is not null && body["title"] is not null || body["error_code"] is not null), $"{r} → {status}: {text}");
            }
            if (status is 200 && r.Method == "PATCH")
            {
                etag = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["etag"]!;
            }
        }, iter: iterations, threads: 1);

        // The store: what the API lists is what is stored, each readable, with a quoted etag.
        var stored = emulator.GetStoredConnections();
        using var list = await Send(http, token, 63, "GET", "connections?limit=100", "", "", null);
        var listed = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["items"]!.AsArray().Select(i => (string)i!["id"]!).ToArray();
        Assert.Equal(stored.Select(s => s.Id).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        foreach (var connection in stored)
        {
            using var read = await Send(http, token, 63, "GET", $"connections/{connection.Id}", "", "", null);
            Assert.Equal(200, (int)read.StatusCode);
            Assert.Matches("^\".+\"$", connection.Etag);
            Assert.False(string.IsNullOrEmpty(connection.Name));
        }
        Figures.Record(output, "bad-input-emulator-http", new Dictionary<string, object?>
        {
            ["requests"] = statuses.Values.Sum(), ["statuses"] = statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
            ["serverErrors"] = statuses.Where(s => s.Key >= 500).Sum(s => s.Value), ["storedAfter"] = stored.Count,
            ["refusedByKestrelBeforeTheEmulator"] = refusedByHttpServer,
        });
    }

    /// <summary>A request with a random subset of the four gateway headers (bits of <paramref name="mask"/>; 16/32 garble them).</summary>
    private static async Task<HttpResponseMessage> Send(HttpClient http, string token, int mask, string method, string path, string body, string contentType, string? ifMatch, string garbage = "x")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "data/foundation/flowservice/" + path);
        var bad = (mask & 16) != 0 && (mask & 32) == 0;
        if ((mask & 1) != 0) request.Headers.TryAddWithoutValidation("Authorization", bad ? "Bearer " + garbage : "Bearer " + token);
        if ((mask & 2) != 0) request.Headers.TryAddWithoutValidation("x-api-key", bad ? garbage : "emulator-client-id");
        if ((mask & 4) != 0) request.Headers.TryAddWithoutValidation("x-gw-ims-org-id", bad ? garbage : "EMULATOR00000000000000000@AdobeOrg");
        if ((mask & 8) != 0) request.Headers.TryAddWithoutValidation("x-sandbox-name", bad ? garbage : "prod");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body.Length > 0 && method is not ("GET" or "HEAD"))
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType.Length == 0 ? null : new MediaTypeHeaderValue(contentType);
        }
        return await http.SendAsync(request);
    }

    // ---------- the plugin process under malformed gRPC calls ----------

    [Fact]
    public async Task The_plugin_answers_malformed_grpc_calls_with_invalid_argument_and_keeps_serving()
    {
        var iterations = Scale.Pick(200, 3000);
        await using var emulator = await EmulatorHost.StartAsync();
        await using var plugin = await Plugin.StartAsync();
        await plugin.ConfigureAsync(new Dictionary<string, string>
        {
            ["aep:endpoint"] = emulator.BaseAddress.ToString(), ["aep:imsEndpoint"] = emulator.BaseAddress.ToString(),
            ["aep:clientId"] = emulator.Options.ClientId, ["aep:orgId"] = emulator.Options.OrgId, ["aep:clientSecret"] = emulator.Options.ClientSecret,
        }, "aep:clientSecret");
        var codes = new Dictionary<StatusCode, int>();
        var accepted = 0;
        async Task Call(Func<Task> call, params StatusCode[] allowed)
        {
            try
            {
                await call();
                accepted++;
            }
            catch (RpcException e)
            {
                codes[e.StatusCode] = codes.GetValueOrDefault(e.StatusCode) + 1;
                Assert.True(allowed.Contains(e.StatusCode), $"{e.StatusCode}: {e.Status.Detail}");
                Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
            }
            Assert.True(await plugin.AnswersAsync(), "the plugin stopped answering");
        }

        // Hand-picked shapes: missing fields, wrong types, malformed secrets, garbage ids.
        Struct Parse(string json) => Struct.Parser.ParseJson(json);
        string[] malformed =
        [
            "{}", """{"name":"n"}""", """{"name":5,"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"Basic Authentication"}}""",
            """{"name":"n","connectionSpec":"mixpanel","auth":{"specName":"Basic Authentication"}}""",
            """{"name":"n","connectionSpec":{"id":"not-a-uuid"},"auth":{"specName":"Basic Authentication"}}""",
            """{"name":"n","connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"Basic Authentication","params":[1,2]}}""",
            """{"name":"n","connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"Basic Authentication","params":{"password":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270"}}}}""",
            """{"name":{"4dabf18193072939515e22adb298388d":42},"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"x"}}""",
            """{"name":"04da6b54-80e4-46f7-96ec-b56ff0331ba9","connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"Basic Authentication"}}""",
            """{"unknown":true,"name":"n","connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"Basic Authentication"}}""",
        ];
        foreach (var json in malformed)
        {
            await Call(() => plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = Parse(json) }).ResponseAsync, StatusCode.InvalidArgument);
            await Call(() => plugin.Client.CheckAsync(new CheckRequest { Urn = Plugin.Urn, News = Parse(json) }).ResponseAsync, StatusCode.InvalidArgument);
        }
        string[] ids = ["", "..", "../../etc/passwd", new string('x', 5000), "00000000-0000-0000-0000-000000000000", "\u00e9\ud83d\ude00", "a b?c#d"];
        foreach (var id in ids)
        {
            await Call(() => plugin.Client.ReadAsync(new ReadRequest { Id = id, Urn = Plugin.Urn }).ResponseAsync, StatusCode.InvalidArgument, StatusCode.NotFound);
            await Call(() => plugin.Client.DeleteAsync(new DeleteRequest { Id = id, Urn = Plugin.Urn }).ResponseAsync, StatusCode.InvalidArgument, StatusCode.NotFound);
            await Call(() => plugin.Client.UpdateAsync(new UpdateRequest { Id = id, Urn = Plugin.Urn, News = Parse(malformed[1]), Olds = Parse(malformed[1]) }).ResponseAsync,
                StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition);
        }
        await Call(() => plugin.Client.CreateAsync(new CreateRequest { Urn = "urn:pulumi:s::p::aep:nope:Nothing::x", Properties = Parse(malformed[1]) }).ResponseAsync,
            StatusCode.InvalidArgument, StatusCode.Unimplemented, StatusCode.NotFound);

        // Random structs into Create (preview, so nothing valid is created for real) and Check.
        await AnyStruct.SampleAsync(async s =>
        {
            await Call(() => plugin.Client.CheckAsync(new CheckRequest { Urn = Plugin.Urn, News = s, Olds = s }).ResponseAsync, StatusCode.InvalidArgument);
            await Call(() => plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = s, Preview = true }).ResponseAsync, StatusCode.InvalidArgument);
            await Call(() => plugin.Client.DiffAsync(new DiffRequest { Urn = Plugin.Urn, Id = "x", Olds = s, News = s, OldInputs = s }).ResponseAsync, StatusCode.InvalidArgument);
        }, iter: iterations, threads: 1);

        Assert.True(plugin.IsAlive);
        Figures.Record(output, "bad-input-plugin-grpc", new Dictionary<string, object?>
        {
            ["calls"] = accepted + codes.Values.Sum(), ["answeredOk"] = accepted,
            ["errors"] = codes.ToDictionary(c => c.Key.ToString(), c => c.Value), ["pluginAliveAfter"] = plugin.IsAlive,
        });
    }
}
