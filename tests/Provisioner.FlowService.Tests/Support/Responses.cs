using System.Text;

namespace Provisioner.FlowService.Tests.Support;

/// <summary>Canned HTTP answers in the shapes Adobe documents.</summary>
public static class Responses
{
    public const string Etag = "\"6802064a-0000-0200-0000-6387c6b90000\"";

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    /// <summary>A bare 429 with a <c>Retry-After</c> header (seconds or an HTTP date, as given).</summary>
    public static HttpResponseMessage TooManyRequests(string retryAfter) =>
        Status(HttpStatusCode.TooManyRequests).WithHeader("Retry-After", retryAfter);

    public static HttpResponseMessage Created(string id, string etag = Etag) =>
        Json(HttpStatusCode.Created, $$$"""{"id":"{{{id}}}","etag":{{{System.Text.Json.JsonSerializer.Serialize(etag)}}}}""");

    public static string ConnectionJson(string id, string name, string etag = Etag) => $$$"""
        {"id":"{{{id}}}","name":"{{{name}}}","description":"d",
         "connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb","version":"1.0"},
         "state":"enabled",
         "auth":{"specName":"Basic Authentication","params":{"host":"https://data.mixpanel.com","username":"u","password":"xxxx"}},
         "etag":{{{System.Text.Json.JsonSerializer.Serialize(etag)}}},"version":{{{System.Text.Json.JsonSerializer.Serialize(etag)}}},
         "createdAt":1597973312000,"updatedAt":1597973312000}
        """;

    public static HttpResponseMessage Page(string? nextHref, params string[] connectionsJson)
    {
        var links = nextHref is null ? "" : $$$""","_links":{"next":{"href":"{{{nextHref}}}"}}""";
        return Json(HttpStatusCode.OK, $$$"""{"items":[{{{string.Join(",", connectionsJson)}}}]{{{links}}}}""");
    }

    /// <summary>A Flow problem body (type …/FLOW-code-status, title, report{detailed-message, request-id}).</summary>
    public static HttpResponseMessage FlowProblem(HttpStatusCode status, string code, string title, string detail, string requestId) =>
        Json(status, $$$"""
            {"type":"https://ns.adobe.com/aep/errors/FLOW-{{{code}}}-{{{(int)status}}}","title":"{{{title}}}","status":{{{(int)status}}},
             "report":{"detailed-message":"{{{detail}}}","request-id":"{{{requestId}}}"},
             "errorMessage":"{{{detail}}}","errorDetails":"{{{detail}}}"}
            """);

    public static HttpResponseMessage WithHeader(this HttpResponseMessage response, string name, string value)
    {
        response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
