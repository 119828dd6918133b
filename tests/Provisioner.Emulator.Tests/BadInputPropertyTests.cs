using System.Text;
using CsCheck;

namespace Provisioner.Emulator.Tests;

/// <summary>Property-based: arbitrary bodies and queries never crash the emulator (no 5xx), always get a FLOW error
/// body or a success, and a rejected create stores nothing.</summary>
public class BadInputPropertyTests : EmulatorSessionTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"name\"", "\"connectionSpec\"", "\"auth\"", "\"params\"", "\"specName\"", "\"id\"",
        "\"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb\"", "\"Basic Authentication\"", "\"op\"", "\"path\"", "\"value\"", "\"/name\"",
        "\"/auth/params/~\"", "\"replace\"", "null", "true", "1e309", "-0", "\"\\u0000\"", "\"x\"", " ", "\"\\ud800\"", "{\"a\":", "0.5",
    ];

    private static readonly Gen<string> JsonishBody = Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i]).Array[0, 25].Select(parts => string.Concat(parts));

    private static readonly string[] QueryParts =
    [
        "property=", "property=name==", "property=name==\"", "property=x>y,z", "orderby=", "orderby=-", "limit=-1", "limit=99999999999",
        "count=true", "continuationToken=", "continuationToken=eyJ9", "property=createdAt>abc", "&", "=", "%00", "property=name!=a,\"b",
    ];

    private static readonly Gen<string> Query = Gen.Int[0, QueryParts.Length - 1].Select(i => QueryParts[i]).Array[0, 4].Select(parts => string.Join('&', parts));

    [Fact]
    public async Task Arbitrary_create_and_patch_bodies_get_clear_4xx_errors()
    {
        var (id, etag) = await Session.CreateMixpanelAsync("target");
        var pipeline = await Session.CreatePipelineAsync();
        var resources = Session.Host.GetStoredResources().Count;

        await JsonishBody.SampleAsync(async body =>
        {
            foreach (var (method, path, ifMatch) in new[]
            {
                (HttpMethod.Post, "/connections", (string?)null), (HttpMethod.Patch, $"/connections/{id}", etag),
                (HttpMethod.Post, "/sourceConnections", null), (HttpMethod.Post, "/targetConnections", null), (HttpMethod.Post, "/flows", null),
                (HttpMethod.Patch, $"/flows/{pipeline.Flow}", pipeline.FlowEtag),
            })
            {
                using var request = Session.Request(method, path, ifMatch: ifMatch);
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                var (status, json, _) = await Session.SendAsync(request);
                if (status is 200 or 201) continue;
                Assert.True(status is >= 400 and < 500, $"{method} {body} → {status}");
                Assert.StartsWith("https://ns.adobe.com/aep/errors/FLOW-", (string?)json!["type"], StringComparison.Ordinal);
            }
        }, iter: 150);

        Assert.Equal(2, Session.Host.GetStoredConnections().Count); // every random create was rejected
        Assert.Equal(resources, Session.Host.GetStoredResources().Count);
    }

    [Fact]
    public async Task Arbitrary_list_queries_never_fail_with_5xx()
    {
        await Session.CreateMixpanelAsync("a");
        await Query.SampleAsync(async query =>
        {
            var (status, json, _) = await Session.SendAsync(HttpMethod.Get, "/connections?" + query);
            Assert.True(status is 200 or 400, $"{query} → {status} {json}");
            if (status == 400) Assert.NotNull(json!["errorMessage"]);
        }, iter: 150);
    }
}
