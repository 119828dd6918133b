using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Provisioner.Emulator;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>
/// Proof that secrets stay out of logs and exception messages: a unique canary marks the client secret, the access
/// tokens and the source password; the services answer with errors that echo them back; afterwards every log record
/// (client and Polly) and every exception (message, properties, inner exceptions, stack text) is searched for it.
/// </summary>
public sealed class CanaryTests : IDisposable
{
    private readonly Canary _canaries = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly List<Exception> _errors = [];
    private readonly string _secret;
    private readonly string _password;

    public CanaryTests()
    {
        _secret = _canaries.Create("client-secret");
        _password = _canaries.Create("source-password");
    }

    private string Secret => _secret;
    private string Password => _password;
    private string Token(int n) => _canaries.Create($"token-{n}");

    [Fact]
    public async Task No_canary_in_logs_or_errors_across_success_and_failure_paths_with_a_fake_service()
    {
        var tokens = 0;
        var transport = new FakeTransport();
        transport.RespondToIms = (request, _) => Task.FromResult(Responses.Json(HttpStatusCode.OK,
            $$"""{"access_token":"{{Token(Interlocked.Increment(ref tokens))}}","expires_in":3600}"""));
        transport.Respond = (request, _) => Task.FromResult(EchoingService(request));
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        using var client = TestClients.Create(transport, o => o.ClientSecret = Secret, loggerFactory: loggerFactory);

        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("ok", Password)));
        await Capture(() => client.GetConnectionAsync("unmasked"));
        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("echo-400", Password)));
        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("echo-503", Password)));
        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("echo-html", Password)));
        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("malformed", Password)));
        await Capture(() => client.UpdateConnectionAsync("echo-412", Responses.Etag, PasswordPatch()));
        await Capture(() => client.GetConnectionAsync("unauthorized")); // 401 → renewal → 401 again, echoing the token
        await Capture(() => client.DeleteConnectionAsync("gateway"));

        // IMS that echoes the submitted form, secret included.
        transport.RespondToIms = (request, _) => Task.FromResult(Responses.Json(HttpStatusCode.Unauthorized,
            $$"""{"error":"invalid_client","error_description":"bad form: {{request.Body}}"}"""));
        using var failingIms = TestClients.Create(transport, o => o.ClientSecret = Secret, loggerFactory: loggerFactory);
        await Capture(() => failingIms.GetConnectionAsync("x"));

        // A static token, echoed back by the gateway.
        using var staticToken = TestClients.Create(transport, o =>
        {
            o.ClientSecret = null;
            o.AccessToken = Token(99);
        }, loggerFactory: loggerFactory);
        await Capture(() => staticToken.GetConnectionAsync("unauthorized"));

        Assert.True(_errors.Count >= 9, $"expected the failure paths to throw, got {_errors.Count} errors");
        Assert.True(transport.Requests.Count(r => _canaries.FindIn(r.Body).Count > 0) >= 5,
            "the canary must actually have travelled in requests");
        AssertNoCanary();
    }

    [Fact]
    public async Task No_canary_in_logs_or_errors_against_the_emulator()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { ClientSecret = Secret });
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        var options = new FlowServiceOptions
        {
            Endpoint = emulator.BaseAddress,
            ImsEndpoint = emulator.BaseAddress,
            ClientId = emulator.Options.ClientId,
            ClientSecret = Secret,
            OrgId = emulator.Options.OrgId,
            SandboxName = "prod",
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        };
        using var client = FlowServiceClientFactory.Create(options, loggerFactory);

        var created = await client.CreateConnectionAsync(Samples.Mixpanel("canary", Password));
        await client.GetConnectionAsync(created.Id);
        await client.UpdateConnectionAsync(created.Id, created.Etag, PasswordPatch());
        await Capture(() => client.UpdateConnectionAsync(created.Id, created.Etag, PasswordPatch()));
        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("bad", Password) with
        {
            Auth = new ConnectionAuth("Basic Authentication", new() { ["password"] = Password }),
        }));
        emulator.Faults.FailNext(1, 503, method: "POST");
        await Capture(() => client.CreateConnectionAsync(Samples.Mixpanel("503", Password)));
        emulator.RevokeAccessTokens();
        await client.DeleteConnectionAsync(created.Id);
        using (var wrongSecret = FlowServiceClientFactory.Create(new FlowServiceOptions
        {
            Endpoint = emulator.BaseAddress, ImsEndpoint = emulator.BaseAddress, ClientId = emulator.Options.ClientId,
            ClientSecret = Secret + "-wrong", OrgId = emulator.Options.OrgId,
        }, loggerFactory))
        {
            await Capture(() => wrongSecret.GetConnectionAsync(created.Id));
        }

        Assert.Equal(4, _errors.Count);
        Assert.NotEmpty(_logs.Collector.GetSnapshot());
        AssertNoCanary();
    }

    public void Dispose() => _logs.Dispose();

    private IReadOnlyList<JsonPatchOperation> PasswordPatch() =>
        [JsonPatchOperation.Replace("/auth/params/password", Password), JsonPatchOperation.Replace("/name", "renamed")];

    /// <summary>A Flow Service that answers by echoing what it received, the worst case for leaks.</summary>
    private HttpResponseMessage EchoingService(RecordedRequest request)
    {
        var echo = System.Text.Json.JsonSerializer.Serialize($"received {request.Body} with {request.Header("Authorization")}");
        var path = request.Uri.AbsolutePath;
        var name = request.Body?.Contains("\"name\":\"", StringComparison.Ordinal) == true
            ? request.Body.Split("\"name\":\"")[1].Split('"')[0]
            : path[(path.LastIndexOf('/') + 1)..];
        return name switch
        {
            "ok" => Responses.Created("c-ok"),
            "unmasked" => Responses.Page(null, Responses.ConnectionJson("c-1", "n").Replace("xxxx", Password, StringComparison.Ordinal)),
            "echo-400" => Responses.Json(HttpStatusCode.BadRequest, $$$"""{"type":"https://ns.adobe.com/aep/errors/FLOW-1304-400","title":{{{echo}}},"report":{"detailed-message":{{{echo}}},"request-id":{{{echo}}}}}"""),
            "echo-503" => Responses.Json(HttpStatusCode.ServiceUnavailable, $$"""{"errorMessage":{{echo}},"errorDetails":{{echo}}}"""),
            "echo-html" => Responses.Json(HttpStatusCode.BadGateway, $"<html>{request.Body}</html>", "text/html"),
            "malformed" => Responses.Json(HttpStatusCode.Created, $"{{\"id\": {request.Body}"),
            "renamed" or "echo-412" => Responses.Json(HttpStatusCode.PreconditionFailed, $$"""{"errorMessage":{{echo}}}"""),
            "unauthorized" => Responses.Json(HttpStatusCode.Unauthorized, $$"""{"error_code":"401013","message":{{echo}}}""")
                .WithHeader("x-request-id", request.Header("Authorization") ?? ""),
            _ => Responses.Json(HttpStatusCode.Forbidden, $$"""{"error_code":"403003","message":{{echo}}}"""),
        };
    }

    private async Task Capture(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            _errors.Add(ex);
        }
    }

    private void AssertNoCanary()
    {
        var captured = new List<(string Where, string? Text)>();
        foreach (var record in _logs.Collector.GetSnapshot())
        {
            captured.Add(($"log {record.Category}", record.Message));
            captured.Add(($"log {record.Category} exception", record.Exception?.ToString()));
            captured.AddRange((record.StructuredState ?? []).Select(kv => ($"log {record.Category} {kv.Key}", kv.Value)));
        }

        foreach (var error in _errors)
        {
            captured.Add(($"{error.GetType().Name} (with inner exceptions and stack)", error.ToString()));
            if (error is FlowServiceException flow)
            {
                captured.Add(("FlowServiceException properties", string.Join("\n", flow.ErrorCode, flow.Title, flow.Detail, flow.RequestId, flow.Operation)));
            }
        }

        Assert.NotEmpty(_canaries.Values);
        _canaries.AssertAbsent(captured);
    }
}
