namespace Provisioner.Emulator.Gateway;

/// <summary>Reads a request body as JSON with a size cap; every failure is a <see cref="FlowError"/>, never an exception.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(JsonNode? Node, FlowError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, FlowError.BadRequest(1405, $"The request body is larger than {MaxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (null, FlowError.BadRequest(1405, "The request body is empty."));
        }

        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            if (node is null) return (null, FlowError.BadRequest(1405, "The request body is empty (JSON null)."));
            // The parser accepts an escaped lone surrogate ("\ud800") but nothing can read or store it as text later:
            // refused here, once for every route, instead of failing wherever the value is first read.
            _ = node.ToJsonString();
            return (node, null);
        }
        catch (InvalidOperationException)
        {
            return (null, FlowError.BadRequest(1405, "The request body holds text that is not valid Unicode (an unpaired surrogate escape such as \\ud800)."));
        }
        catch (JsonException ex)
        {
            // The parser's position helps the caller; its message never echoes the body content.
            return (null, FlowError.BadRequest(1405, $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }
    }
}
