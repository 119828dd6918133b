using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>
/// The exact requests the client sends for create and update, pinned as snapshots (Snapshooter; Verify is not
/// available here). A change to a wire shape shows up as a snapshot diff to review.
/// </summary>
public sealed class RequestBodySnapshotTests
{
    [Fact]
    public async Task Create_request()
    {
        var sent = await OnlyRequestAsync(() => Responses.Created("c-1"),
            client => client.CreateConnectionAsync(Samples.Mixpanel(password: "{PASSWORD}")));

        Snapshot.Match(Describe(sent));
    }

    [Fact]
    public async Task Update_request()
    {
        var sent = await OnlyRequestAsync(() => Responses.Json(HttpStatusCode.OK, """{"id":"c-1","etag":"\"e2\""}"""),
            client => client.UpdateConnectionAsync("c-1", Responses.Etag,
            [
                JsonPatchOperation.Replace("/name", "Mixpanel (renamed)"),
                JsonPatchOperation.Add("/description", "Events for the marketing sandbox"),
                JsonPatchOperation.Replace("/auth/params", new JsonObject
                {
                    ["host"] = "https://data.mixpanel.com", ["username"] = "{USERNAME}", ["password"] = "{NEW_PASSWORD}",
                }),
                JsonPatchOperation.Replace("/auth/params/password", "{NEWER_PASSWORD}"),
                JsonPatchOperation.Remove("/description"),
            ]));

        Snapshot.Match(Describe(sent));
    }

    /// <summary>The one request a fresh client sends for <paramref name="call"/> when every answer is
    /// <paramref name="answer"/>'s.</summary>
    private static async Task<RecordedRequest> OnlyRequestAsync(Func<HttpResponseMessage> answer, Func<IFlowServiceClient, Task> call)
    {
        var transport = new FakeTransport().Responding(_ => answer());
        using var client = TestClients.Create(transport);

        await call(client);

        return Assert.Single(transport.FlowRequests);
    }

    /// <summary>Method, path, the headers that define the contract (the token value replaced) and the parsed body.</summary>
    private static JObject Describe(RecordedRequest request)
    {
        var described = new JObject
        {
        ["method"] = request.Method.Method,
        ["url"] = request.Uri.AbsoluteUri,
        ["headers"] = new JObject
        {
            ["Authorization"] = request.Header("Authorization")?.Replace("token-1", "<token>", StringComparison.Ordinal),
            ["x-api-key"] = request.Header("x-api-key"),
            ["x-gw-ims-org-id"] = request.Header("x-gw-ims-org-id"),
            ["x-sandbox-name"] = request.Header("x-sandbox-name"),
            ["Content-Type"] = request.Header("Content-Type"),
            ["If-Match"] = request.Header("If-Match"),
        },
        ["body"] = JToken.Parse(request.Body!),
        };
        // Absent headers are left out rather than written as null (Snapshooter does not handle null values).
        foreach (var absent in ((JObject)described["headers"]!).Properties().Where(p => p.Value is JValue { Value: null }).ToList())
        {
            absent.Remove();
        }

        return described;
    }
}
