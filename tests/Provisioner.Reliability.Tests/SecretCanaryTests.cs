using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Protocol;
using Pulumirpc;

namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 5. Unique canary values stand in for the client secret, the access token and source passwords; every
/// host (client + reconciler, CLI, plugin process) runs successes and failures with them, and everything captured —
/// logs, stdout/stderr, engine log messages, exception messages, files, outputs outside secret wrappers — is scanned.
/// The emulator's data file is the one place a source password may be: the emulator IS the service storing it.
/// </summary>
public sealed class SecretCanaryTests(ITestOutputHelper output) : IDisposable
{
    private readonly Canary _canary = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("reliability-canary-").FullName;
    private readonly List<(string Where, string? Text)> _captured = [];

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    /// <summary>The three secrets every host is run with: the client secret, a static access token, a source password.</summary>
    private (string Secret, string Token, string Password) NewCanaries() =>
        (_canary.Create("client-secret"), _canary.Create("access-token"), _canary.Create("source-password"));

    private EmulatorOptions Emulator(string clientSecret, string token)
    {
        var options = new EmulatorOptions { ClientSecret = clientSecret, DataFile = Path.Combine(_dataDirectory, $"emulator-{Guid.NewGuid():N}.json") };
        options.StaticTokens.Add(token);
        return options;
    }

    [Fact]
    public async Task The_client_and_the_reconciler_leak_no_canary_in_logs_or_exception_messages()
    {
        var (secret, token, password) = NewCanaries();
        await using var service = await Service.StartAsync(Emulator(secret, token), o => { o.ClientSecret = secret; o.MaxRetryAttempts = 1; });
        var reconciler = service.Reconciler();
        var desired = await service.DesiredAsync(4, "canary", password);

        var applied = await reconciler.ApplyAsync(await reconciler.PlanAsync(desired, RecordedState.Empty));
        Assert.True(applied.Succeeded);
        var first = applied.State.Connections.Values.First();
        var failures = new List<Exception>();
        async Task Expect(Func<Task> call)
        {
            try { await call(); }
            catch (Exception e) when (e is FlowServiceException or AmbiguousConnectionException) { failures.Add(e); }
        }
        var patch = new[] { new JsonPatchOperation("replace", "/auth/params/password", JsonValue.Create(password)) };
        await Expect(() => service.Client.UpdateConnectionAsync(first.Id, "\"stale\"", patch));                                   // 412
        await Expect(() => service.Client.CreateConnectionAsync(Request("bad", password, specName: "No Such Auth")));              // 400
        service.Emulator.Faults.DropResponseAfterCommit(count: 1);
        await Expect(() => service.Client.CreateConnectionAsync(Request("dropped", password)));                                   // lost response
        service.Emulator.Faults.Fail(1.0, 503);
        await Expect(() => service.Client.UpdateConnectionAsync(first.Id, first.Etag, patch));                                     // 503 after retries
        service.Emulator.Faults.Clear();
        service.Emulator.RevokeAccessTokens();
        await Expect(() => service.Client.GetConnectionAsync(first.Id));                                                           // 401 → re-auth
        // A client on the static canary token, and one whose token the service refuses.
        using (var tokenClient = FlowServiceClientFactory.Create(WithToken(service.Options, token)))
        {
            Assert.NotNull(await tokenClient.GetConnectionAsync(first.Id));
        }
        // A replace whose new auth type the service refuses (the old connection is deleted first: see docs).
        var failing = desired.Entries.Values.Select(e => e with { Connection = e.Connection with { AuthSpecName = "No Such Auth" } });
        var failedApply = await reconciler.ApplyAsync(await reconciler.PlanAsync(DesiredConnectionSet.From(failing), applied.State));

        var refusedToken = _canary.Create("refused-token");
        using (var refused = FlowServiceClientFactory.Create(WithToken(service.Options, refusedToken)))
        {
            await Expect(() => refused.GetConnectionAsync(first.Id));
        }

        Assert.True(failures.Count >= 5, string.Join("\n", failures.Select(f => f.GetType().Name)));
        _captured.Add(("client logs", service.LogText));
        _captured.AddRange(failures.Select((f, i) => ($"exception {i} ({f.GetType().Name})", (string?)f.ToString())));
        _captured.AddRange(failedApply.Errors.Select(e => ($"apply error {e.Key}", (string?)(e.Message + e.Exception))));
        _captured.Add(("emulator journal", string.Join('\n', service.Emulator.Journal.Entries.Select(e => e.ToString()))));
        ScanEverything("client-reconciler", includeDataFileOf: service.Emulator.Options.DataFile, expectPasswordInDataFile: password);
    }

    [Fact]
    public async Task The_cli_leaks_no_canary_in_its_output_or_its_files()
    {
        var (secret, token, password) = NewCanaries();
        await using var emulator = await EmulatorHost.StartAsync(Emulator(secret, token));

        using (var cli = new CliRun(emulator, clientSecret: secret, password: password))
        {
            cli.WriteDefinitions(Service.DefinitionsYaml(3, "cli-canary"));
            Assert.Equal(0, (await cli.RunAsync("validate")).Exit);
            Assert.Equal(2, (await cli.RunAsync("plan")).Exit);
            Assert.Equal(0, (await cli.RunAsync("apply")).Exit);
            Assert.Equal(0, (await cli.RunAsync("outputs")).Exit);
            Assert.Equal(0, (await cli.RunAsync("outputs", "--json")).Exit);
            Assert.Equal(0, (await cli.RunAsync("refresh")).Exit);
            Assert.Equal(0, (await cli.RunAsync("plan")).Exit);
            // Failures: a definition the service refuses, then a service that is down.
            cli.WriteDefinitions(Service.DefinitionsYaml(4, "cli-canary"));
            emulator.Faults.FailNext(1, 400, method: "POST");
            Assert.Equal(1, (await cli.RunAsync("apply")).Exit);
            _captured.AddRange(cli.Captured);
            _captured.AddRange(cli.Files());
        }

        using (var cli = new CliRun(emulator, accessToken: token, password: password))
        {
            cli.WriteDefinitions(Service.DefinitionsYaml(2, "cli-token-canary"));
            Assert.Equal(0, (await cli.RunAsync("apply")).Exit);
            Assert.Equal(0, (await cli.RunAsync("outputs", "--json")).Exit);
            _captured.AddRange(cli.Captured);
            _captured.AddRange(cli.Files());
        }

        using (var cli = new CliRun(emulator, accessToken: _canary.Create("refused-token"), password: password))
        {
            cli.WriteDefinitions(Service.DefinitionsYaml(1, "cli-refused"));
            Assert.Equal(1, (await cli.RunAsync("apply")).Exit);
            _captured.AddRange(cli.Captured);
            _captured.AddRange(cli.Files());
        }
        ScanEverything("cli", includeDataFileOf: emulator.Options.DataFile, expectPasswordInDataFile: password);
    }

    [Fact]
    public async Task The_plugin_process_leaks_no_canary_outside_secret_wrappers()
    {
        var (secret, token, password) = NewCanaries();
        await using var emulator = await EmulatorHost.StartAsync(Emulator(secret, token));
        var settings = new Dictionary<string, string>
        {
            ["aep:endpoint"] = emulator.BaseAddress.ToString(), ["aep:imsEndpoint"] = emulator.BaseAddress.ToString(),
            ["aep:clientId"] = emulator.Options.ClientId, ["aep:orgId"] = emulator.Options.OrgId, ["aep:clientSecret"] = secret,
        };
        var responses = new List<(string Where, Struct? Properties)>();
        var errors = new List<RpcException>();
        async Task Expect(Func<Task> call)
        {
            try { await call(); }
            catch (RpcException e) { errors.Add(e); }
        }

        await using (var plugin = await Plugin.StartAsync())
        {
            await plugin.ConfigureAsync(settings, "aep:clientSecret");
            var created = await plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = Inputs("plugin-canary", password) });
            responses.Add(("create", created.Properties));
            var read = await plugin.Client.ReadAsync(new ReadRequest { Id = created.Id, Urn = Plugin.Urn, Properties = created.Properties, Inputs = Inputs("plugin-canary", password) });
            responses.Add(("read", read.Properties));
            responses.Add(("read inputs", read.Inputs));
            var updated = await plugin.Client.UpdateAsync(new UpdateRequest
            {
                Id = created.Id, Urn = Plugin.Urn, Olds = created.Properties, OldInputs = Inputs("plugin-canary", password), News = Inputs("plugin-canary", password, "changed"),
            });
            responses.Add(("update", updated.Properties));
            var check = await plugin.Client.CheckAsync(new CheckRequest { Urn = Plugin.Urn, News = Inputs("plugin-canary", password) });
            responses.Add(("check", check.Inputs));
            await Expect(() => plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = Inputs("bad", password, specName: "No Such Auth") }).ResponseAsync);
            emulator.Faults.Fail(1.0, 503, method: "POST");
            await Expect(() => plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = Inputs("down", password) }).ResponseAsync);
            emulator.Faults.Clear();
            await plugin.Client.DeleteAsync(new DeleteRequest { Id = created.Id, Urn = Plugin.Urn, Properties = updated.Properties });
            _captured.AddRange(plugin.Captured());
        }

        // A plugin on a canary access token from the environment, and one whose secret IMS refuses.
        await using (var plugin = await Plugin.StartAsync(new Dictionary<string, string> { ["AEP_ACCESS_TOKEN"] = token }))
        {
            await plugin.ConfigureAsync(settings.Where(s => s.Key != "aep:clientSecret").ToDictionary());
            var created = await plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = Inputs("plugin-token-canary", password) });
            responses.Add(("create (token)", created.Properties));
            _captured.AddRange(plugin.Captured().Select(c => (c.Where + " (token)", c.Text)));
        }
        await using (var plugin = await Plugin.StartAsync())
        {
            var wrong = new Dictionary<string, string>(settings) { ["aep:clientSecret"] = _canary.Create("refused-secret") };
            await plugin.ConfigureAsync(wrong, "aep:clientSecret");
            await Expect(() => plugin.Client.CreateAsync(new CreateRequest { Urn = Plugin.Urn, Properties = Inputs("refused", password) }).ResponseAsync);
            _captured.AddRange(plugin.Captured().Select(c => (c.Where + " (refused)", c.Text)));
        }

        Assert.True(errors.Count >= 3, $"{errors.Count} failing calls");
        _captured.AddRange(errors.Select((e, i) => ($"rpc error {i}", (string?)(e.Status.Detail + " " + e.Trailers.ToString()))));
        _captured.AddRange(responses.Select(r => ($"{r.Where} outputs outside secret wrappers", (string?)Plain(PropertyValueCodec.Decode(r.Properties)))));
        // The password must really be in the outputs — wrapped as a secret — or the scan above proves nothing.
        Assert.Contains(responses, r => PropertyValueCodec.Decode(r.Properties).Entries.Any(e => e.Value.ContainsSecret));
        ScanEverything("plugin", includeDataFileOf: emulator.Options.DataFile, expectPasswordInDataFile: password);
    }

    /// <summary>Scans everything captured; the emulator's data file may hold the source password (the service
    /// stores it) but never the client secret or a token. No file anywhere may hold a token.</summary>
    private void ScanEverything(string host, string? includeDataFileOf, string expectPasswordInDataFile)
    {
        if (includeDataFileOf is not null && File.Exists(includeDataFileOf))
        {
            var data = File.ReadAllText(includeDataFileOf);
            Assert.Contains(expectPasswordInDataFile, data, StringComparison.Ordinal); // positive control: the scanner sees it
            var leaked = _canary.FindIn(data).Where(label => label != "source-password").ToArray();
            Assert.True(leaked.Length == 0, $"emulator data file holds [{string.Join(", ", leaked)}]");
        }
        var tokenFiles = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => _canary.FindIn(File.ReadAllText(f)).Any(l => l.Contains("token", StringComparison.Ordinal))).ToArray();
        Assert.Empty(tokenFiles);
        var characters = _captured.Sum(c => c.Text?.Length ?? 0);
        Figures.Record(output, $"secret-canaries-{host}", new Dictionary<string, object?>
        {
            ["canaries"] = _canary.Values.Count, ["capturedSources"] = _captured.Count, ["capturedCharacters"] = characters,
            ["leaks"] = _captured.Count(c => _canary.FindIn(c.Text).Count > 0),
        });
        _canary.AssertAbsent(_captured);
    }

    /// <summary>A property tree as text, with every secret-wrapped value left out.</summary>
    private static string Plain(PropertyMap map) => string.Join(", ", map.Entries.Select(e => $"{e.Key}={Plain(e.Value)}"));

    private static string Plain(PropertyValue value) => value switch
    {
        PropertyValue.SecretValue => "[secret]",
        PropertyValue.ObjectValue o => "{" + Plain(o.Properties) + "}",
        PropertyValue.ArrayValue a => "[" + string.Join(", ", a.Items.Select(Plain)) + "]",
        PropertyValue.StringValue s => s.Value,
        _ => value.ToString(),
    };

    private static Struct Inputs(string name, string password, string description = "canary", string specName = "Basic Authentication")
    {
        var parameters = PropertyMap.Empty
            .Set("host", PropertyValue.Of("https://data.mixpanel.com"))
            .Set("username", PropertyValue.Of("user"))
            .Set("password", PropertyValue.Secret(PropertyValue.Of(password)));
        return PropertyValueCodec.Encode(PropertyMap.Empty
            .Set("name", PropertyValue.Of(name))
            .Set("description", PropertyValue.Of(description))
            .Set("connectionSpec", PropertyValue.Of(PropertyMap.Empty.Set("id", PropertyValue.Of(Service.MixpanelSpecId)).Set("version", PropertyValue.Of("1.0"))))
            .Set("auth", PropertyValue.Of(PropertyMap.Empty.Set("specName", PropertyValue.Of(specName)).Set("params", PropertyValue.Of(parameters)))));
    }

    private static CreateConnectionRequest Request(string name, string password, string specName = "Basic Authentication") =>
        new(name, null, new ConnectionSpecRef(Service.MixpanelSpecId, "1.0"),
            new ConnectionAuth(specName, new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u", ["password"] = password }));

    private static FlowServiceOptions WithToken(FlowServiceOptions options, string token) => new()
    {
        Endpoint = options.Endpoint, ImsEndpoint = options.ImsEndpoint, ClientId = options.ClientId, OrgId = options.OrgId, AccessToken = token,
        MaxRetryAttempts = 1, RetryBaseDelay = options.RetryBaseDelay,
    };
}
