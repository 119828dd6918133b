using System.Text.Json;
using System.Text.RegularExpressions;

namespace Provisioner.FlowService.Errors;

/// <summary>
/// What an error response said, read from any of the body families Adobe uses:
/// the Flow problem form (<c>type …/FLOW-1404-412</c>, <c>title</c>, <c>report.detailed-message</c>,
/// <c>report.request-id</c>), the gateway form (<c>error_code</c>, <c>message</c>), the older
/// <c>errorMessage</c>/<c>errorDetails</c> and bare <c>message</c> forms, and OAuth's <c>error</c>/<c>error_description</c>.
/// Anything else (empty, HTML, malformed JSON) yields a <see cref="Note"/> describing the body instead of its text.
/// </summary>
internal sealed partial record ErrorBody(string? Code, string? Title, string? Detail, string? RequestId, string? Note)
{
    private static readonly ErrorBody Empty = new(null, null, null, null, "empty body");

    public static ErrorBody Parse(string? text, string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? FromObject(document.RootElement)
                : new ErrorBody(null, null, null, null, $"unexpected JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()} body");
        }
        catch (JsonException)
        {
            // Never quote a non-JSON body: an HTML error page or proxy output can be long and may echo the request.
            return new ErrorBody(null, null, null, null, $"non-JSON body ({mediaType ?? "no content type"}, {text.Length} chars)");
        }
    }

    private static ErrorBody FromObject(JsonElement root)
    {
        var report = root.TryGetProperty("report", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;

        var code = CodeFromType(Text(root, "type")) ?? Text(root, "error_code") ?? Text(root, "error");
        var title = Text(root, "title");
        var detail = Text(report, "detailed-message") ?? Text(root, "detail") ?? Text(root, "errorMessage")
            ?? Text(root, "message") ?? Text(root, "error_description") ?? Text(root, "errorDetails");
        var requestId = Text(report, "request-id");

        var note = code is null && title is null && detail is null ? "JSON body without a recognised error field" : null;
        return new ErrorBody(code, title, detail, requestId, note);
    }

    /// <summary><c>https://ns.adobe.com/aep/errors/FLOW-1404-412</c> → <c>FLOW-1404-412</c>; placeholder types → null.</summary>
    private static string? CodeFromType(string? type)
    {
        if (type is null)
        {
            return null;
        }

        var match = ProblemCode().Match(type);
        return match.Success ? match.Value : null;
    }

    private static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    [GeneratedRegex(@"[A-Z][A-Z0-9]*-\d+-\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProblemCode();
}
