using System.Net.Sockets;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>Retries of idempotent calls, Retry-After, and the rule that a create is never sent twice.</summary>
public sealed class ResilienceTests
{
    /// <summary>
    /// The service answers a 429 with <paramref name="retryAfter"/>, then <paramref name="then"/>; <paramref name="call"/>
    /// runs on a fake clock and must make exactly two attempts. Returns how long the client waited between them.
    /// </summary>
    private static async Task<TimeSpan> WaitBetweenTwoAttemptsAsync(string retryAfter, Func<HttpResponseMessage> then, Func<IFlowServiceClient, Task> call)
    {
        var time = new FakeTimeProvider();
        var transport = new FakeTransport(time).RespondingInOrder(() => Responses.TooManyRequests(retryAfter), then);
        using var client = TestClients.Create(transport, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10), time);

        await time.RunAsync(call(client), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        var attempts = transport.FlowRequests;
        Assert.Equal(2, attempts.Count);
        return attempts[1].At - attempts[0].At;
    }

    private static readonly JsonPatchOperation[] Rename = [JsonPatchOperation.Replace("/name", "x")];

    private static HttpResponseMessage Unavailable() =>
        Responses.FlowProblem(HttpStatusCode.ServiceUnavailable, "1103", "Service unavailable", "try later", "r-503");

    [Fact]
    public async Task A_get_is_retried_on_503_until_it_succeeds()
    {
        var transport = new FakeTransport().RespondingInOrder(Unavailable, Unavailable, () => Responses.Page(null, Responses.ConnectionJson("c-1", "n")));
        using var client = TestClients.Create(transport);

        Assert.Equal("c-1", (await client.GetConnectionAsync("c-1"))!.Id);
        Assert.Equal(3, transport.FlowRequests.Count);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Deletes_and_patches_are_retried_on_5xx_and_timeouts_too(string method)
    {
        var transport = new FakeTransport().RespondingInOrder(
            () => Responses.Status(HttpStatusCode.BadGateway),
            () => throw new HttpRequestException("connection reset", new IOException("reset"), HttpStatusCode.BadGateway),
            () => Responses.Json(HttpStatusCode.OK, """{"id":"c-1","etag":"\"e2\""}"""));
        using var client = TestClients.Create(transport);

        if (method == "DELETE")
        {
            Assert.True(await client.DeleteConnectionAsync("c-1"));
        }
        else
        {
            Assert.Equal("\"e2\"", (await client.UpdateConnectionAsync("c-1", "\"e1\"", Rename)).Etag);
        }

        Assert.Equal(3, transport.FlowRequests.Count);
        Assert.All(transport.FlowRequests, r => Assert.Equal(method, r.Method.Method));
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetryAttempts_with_the_last_status()
    {
        var transport = new FakeTransport().Responding(_ => Unavailable());
        var error = await TestClients.FailureOf(transport, client => client.GetConnectionAsync("c-1"), o => o.MaxRetryAttempts = 2);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("FLOW-1103-503", error.ErrorCode);
        Assert.False(error.MayHaveCommitted);
        Assert.Equal(3, transport.FlowRequests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task Client_errors_and_501_are_not_retried(HttpStatusCode status)
    {
        var transport = new FakeTransport().Responding(_ => Responses.Status(status));
        using var client = TestClients.Create(transport);

        await Assert.ThrowsAsync<FlowServiceException>(() => client.UpdateConnectionAsync("c-1", "\"e\"", Rename));
        Assert.Single(transport.FlowRequests);
    }

    [Fact]
    public async Task A_create_is_not_retried_on_503_and_says_it_may_have_committed()
    {
        var transport = new FakeTransport().Responding(_ => Unavailable());
        var error = await TestClients.FailureOf(transport, client => client.CreateConnectionAsync(Samples.Mixpanel()));

        Assert.Single(transport.FlowRequests);
        Assert.True(error.MayHaveCommitted);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("find it by name before creating it again", error.Message);
    }

    [Fact]
    public async Task A_create_whose_connection_is_reset_is_not_retried_and_may_have_committed()
    {
        var transport = new FakeTransport().RespondingInOrder(() => throw new IOException("connection reset by peer"));
        var error = await TestClients.FailureOf(transport, client => client.CreateConnectionAsync(Samples.Mixpanel()));

        Assert.Single(transport.FlowRequests);
        Assert.True(error.MayHaveCommitted);
        Assert.Null(error.StatusCode);
        Assert.Equal("POST /connections", error.Operation);
    }

    [Fact]
    public async Task A_create_that_could_not_connect_did_not_commit()
    {
        var transport = new FakeTransport().RespondingInOrder(() =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        var error = await TestClients.FailureOf(transport, client => client.CreateConnectionAsync(Samples.Mixpanel()));

        Assert.False(error.MayHaveCommitted);
        Assert.Contains("could not connect", error.Message);
    }

    [Fact]
    public async Task A_create_that_times_out_is_not_retried_and_may_have_committed()
    {
        var transport = new FakeTransport().Hanging();
        using var client = TestClients.Create(transport, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(50);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(30);
        });

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateConnectionAsync(Samples.Mixpanel()));

        Assert.Single(transport.FlowRequests);
        Assert.True(error.MayHaveCommitted);
        Assert.Contains("no response within the time limit", error.Message);
    }

    [Fact]
    public async Task A_get_that_times_out_is_retried()
    {
        var attempts = 0;
        var transport = new FakeTransport();
        transport.Respond = async (_, ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return Responses.Page(null, Responses.ConnectionJson("c-1", "n"));
        };
        using var client = TestClients.Create(transport, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));

        Assert.NotNull(await client.GetConnectionAsync("c-1"));
        Assert.Equal(2, transport.FlowRequests.Count);
    }

    [Fact]
    public async Task A_patch_that_gets_412_after_a_retry_may_have_been_applied_by_the_first_attempt()
    {
        var transport = new FakeTransport().RespondingInOrder(Unavailable, () => Responses.FlowProblem(
            HttpStatusCode.PreconditionFailed, "1404", "Version not matching", "stale", "r-412"));
        var error = await TestClients.FailureOf(transport, client => client.UpdateConnectionAsync("c-1", "\"e1\"", Rename));

        Assert.True(error.IsPreconditionFailed);
        Assert.True(error.MayHaveCommitted);
        Assert.Contains("earlier attempt of this update may already have been applied", error.Message);
    }

    [Fact]
    public async Task A_429_waits_the_Retry_After_seconds_before_the_next_attempt()
    {
        var waited = await WaitBetweenTwoAttemptsAsync("7", () => Responses.Page(null), client => client.GetConnectionAsync("c-1"));

        Assert.InRange(waited, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.25));
    }

    [Fact]
    public async Task A_429_with_an_http_date_Retry_After_waits_until_that_date()
    {
        // HttpRetryStrategyOptions reads an HTTP date against the system clock (not the injected TimeProvider), so
        // the date comes from the real clock; the wait itself runs on the fake one. The date has whole seconds and
        // the real clock moves on a little before the header is read: the wait is at most 30 s and far above the
        // 10 ms backoff it would be if the date were ignored.
        var waited = await WaitBetweenTwoAttemptsAsync(
            DateTimeOffset.UtcNow.AddSeconds(30).ToString("R"), () => Responses.Page(null), client => client.GetConnectionAsync("c-1"));

        Assert.InRange(waited, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30.25));
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_the_whole_budget_is_reported_at_once()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.Json(HttpStatusCode.TooManyRequests, """{"error_code":"429050","message":"Too many requests"}""").WithHeader("Retry-After", "3600"));
        var error = await TestClients.FailureOf(transport, client => client.GetConnectionAsync("c-1"));

        Assert.Single(transport.FlowRequests);
        Assert.Equal("429050", error.ErrorCode);
        Assert.Contains("rate limiting", error.Message);
    }

    [Fact]
    public async Task A_create_refused_with_429_is_retried_after_Retry_After_because_it_never_reached_the_service()
    {
        var waited = await WaitBetweenTwoAttemptsAsync("2", () => Responses.Created("c-1"),
            async client => Assert.Equal("c-1", (await client.CreateConnectionAsync(Samples.Mixpanel())).Id));

        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.25));
    }

    [Fact]
    public async Task A_create_still_refused_after_every_429_retry_did_not_commit()
    {
        var transport = new FakeTransport().Responding(_ => Responses.TooManyRequests(retryAfter: "0"));
        var error = await TestClients.FailureOf(transport, client => client.CreateConnectionAsync(Samples.Mixpanel()), o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));

        Assert.Equal(4, transport.FlowRequests.Count); // the first attempt and MaxRetryAttempts (3 in TestClients) retries
        Assert.False(error.MayHaveCommitted);
    }

    [Fact]
    public async Task Cancelling_a_call_in_flight_surfaces_as_OperationCanceledException()
    {
        var transport = new FakeTransport().Hanging();
        using var client = TestClients.Create(transport);
        using var cancellation = new CancellationTokenSource();

        var call = client.CreateConnectionAsync(Samples.Mixpanel(), cancellation.Token);
        await Eventually.UntilAsync(() => transport.FlowRequests.Count == 1);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<FlowServiceException>(error.InnerException);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_delay_surfaces_as_OperationCanceledException()
    {
        var transport = new FakeTransport().Responding(_ => Responses.TooManyRequests(retryAfter: "60"));
        using var client = TestClients.Create(transport);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetConnectionAsync("c-1", cancellation.Token);
        await Eventually.UntilAsync(() => transport.FlowRequests.Count == 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(transport.FlowRequests);
    }

    [Fact]
    public async Task A_cancelled_token_sends_nothing()
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetConnectionAsync("c-1", new CancellationToken(canceled: true)));
        Assert.Empty(transport.FlowRequests);
    }
}
