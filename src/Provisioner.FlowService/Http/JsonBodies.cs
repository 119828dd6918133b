using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Provisioner.FlowService.Http;

/// <summary>JSON in and out with the source-generated contracts; a body the client cannot read becomes a clear error.</summary>
internal static class JsonBodies
{
    public static HttpContent Content<T>(T value, JsonTypeInfo<T> type)
    {
        // Bytes, not a stream: the same request may be sent again (401 renewal, retries of PATCH).
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<T> ReadAsync<T>(FlowOperation operation, HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        T? value;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                value = await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            // The JsonException message can quote the offending text, so only its position is passed on.
            throw FlowServiceErrors.Malformed(operation, response, $"not the expected JSON (at {ex.Path ?? "$"}, line {ex.LineNumber})");
        }

        return value ?? throw FlowServiceErrors.Malformed(operation, response, "the body is empty or null");
    }
}
