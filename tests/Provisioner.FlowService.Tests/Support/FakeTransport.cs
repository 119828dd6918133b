using System.Collections.Concurrent;
using System.Text;

namespace Provisioner.FlowService.Tests.Support;

/// <summary>
/// The innermost HTTP handler for unit tests: records every request and answers with <see cref="Respond"/>.
/// IMS token requests are answered by <see cref="RespondToIms"/> (by default: a new token <c>token-N</c>).
/// </summary>
public sealed class FakeTransport(TimeProvider? time = null) : HttpMessageHandler
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private int _tokensIssued;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _) => Task.FromResult(Responses.Json(HttpStatusCode.OK, """{"items":[]}"""));

    /// <summary>Null: issue <c>token-N</c> valid for <see cref="TokenLifetimeSeconds"/>.</summary>
    public Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? RespondToIms { get; set; }

    public long TokenLifetimeSeconds { get; set; } = 3600;

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public IReadOnlyList<RecordedRequest> FlowRequests => Requests.Where(r => !IsIms(r)).ToList();

    public IReadOnlyList<RecordedRequest> ImsRequests => Requests.Where(IsIms).ToList();

    public FakeTransport Responding(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        Respond = (request, _) => Task.FromResult(respond(request));
        return this;
    }

    /// <summary>Never answers a flow request: each one waits until the client gives up on it (timeout or cancel).</summary>
    public FakeTransport Hanging()
    {
        Respond = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable: an infinite delay ends only by cancellation");
        };
        return this;
    }

    /// <summary>Answers flow requests from a script, one response per request, the last repeating.</summary>
    public FakeTransport RespondingInOrder(params Func<HttpResponseMessage>[] script)
    {
        var next = -1;
        Respond = (_, _) => Task.FromResult(script[Math.Min(Interlocked.Increment(ref next), script.Length - 1)]());
        return this;
    }

    public string IssueToken()
    {
        var n = Interlocked.Increment(ref _tokensIssued);
        return $"token-{n}";
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values);
        }

        string? body = null;
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(", ", values);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body, _time.GetUtcNow());
        Requests.Enqueue(recorded);
        var response = IsIms(recorded)
            ? await (RespondToIms?.Invoke(recorded, cancellationToken) ?? IssueTokenResponse()) : await Respond(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    private static bool IsIms(RecordedRequest request) => request.Uri.AbsolutePath.EndsWith("/ims/token/v3", StringComparison.Ordinal);

    public static string FormField(RecordedRequest request, string name) =>
        (request.Body ?? "").Split('&')
            .Select(pair => pair.Split('=', 2))
            .Where(pair => Uri.UnescapeDataString(pair[0]) == name)
            .Select(pair => Uri.UnescapeDataString(pair[1].Replace('+', ' ')))
            .Single();

    private Task<HttpResponseMessage> IssueTokenResponse() =>
        Task.FromResult(Responses.Json(HttpStatusCode.OK,
            $$"""{"access_token":"{{IssueToken()}}","token_type":"bearer","expires_in":{{TokenLifetimeSeconds}}}"""));
}
