namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>A 412 after a PATCH: a plain one is someone else's change and stands without a re-read; one the client
/// marks as possibly our own committed retry is re-read, and accepted only when the live connection shows every
/// operation of the patch under a new etag.</summary>
public sealed class SafeConnectionUpdaterTests
{
    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal) { "password" };

    private static async Task<ConnectionRef> Create(EmulatorHarness harness) => await harness.Client.CreateConnectionAsync(new CreateConnectionRequest(
        "Upd", "before", new ConnectionSpecRef("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"),
        new ConnectionAuth("Basic Authentication", new JsonObject { ["host"] = "h", ["username"] = "u", ["password"] = "p", ["a/b"] = "x", ["c~d"] = "z" })));

    /// <summary>The PATCH commits, then the caller sees the 412 the client's retry would get.</summary>
    private static InterceptingClient LosingAnswers(EmulatorHarness harness) => new(harness.Client)
    {
        AroundUpdate = async send =>
        {
            await send();
            throw InterceptingClient.LostAnswer412();
        },
    };

    /// <summary>Someone else moves the etag instead of our PATCH committing; the caller sees the 412 a lost answer gives.</summary>
    private static InterceptingClient ChangedElsewhereFirst(EmulatorHarness harness, ConnectionRef created, JsonPatchOperation[]? theirs = null) =>
        ElsewhereFirst(harness, () => harness.Client.UpdateConnectionAsync(created.Id, created.Etag, theirs ?? [JsonPatchOperation.Replace("/description", "other")]));

    /// <summary>Someone else's write (<paramref name="theirs"/>) happens instead of our PATCH; the caller sees the 412 a lost answer gives.</summary>
    private static InterceptingClient ElsewhereFirst(EmulatorHarness harness, Func<Task> theirs) => new(harness.Client)
    {
        AroundUpdate = async _ =>
        {
            await theirs();
            throw InterceptingClient.LostAnswer412();
        },
    };

    [Fact]
    public async Task A_plain_412_stands_without_a_re_read_even_if_the_live_connection_looks_the_same()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        JsonPatchOperation[] patch = [JsonPatchOperation.Replace("/description", "same")];
        await harness.Client.UpdateConnectionAsync(created.Id, created.Etag, patch); // someone else, same value
        var client = new InterceptingClient(harness.Client);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, patch));

        Assert.True(error.IsPreconditionFailed);
        Assert.False(error.MayHaveCommitted);
        Assert.Equal(0, client.Gets);
    }

    [Fact]
    public async Task Other_failures_are_not_re_read()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        harness.Host.Faults.FailNext(1, 400, "PATCH", "/connections/*");
        var client = new InterceptingClient(harness.Client);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Replace("/description", "x")]));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(0, client.Gets);
    }

    [Fact]
    public async Task A_possibly_committed_412_is_accepted_when_the_live_connection_shows_every_operation()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var client = LosingAnswers(harness);
        JsonPatchOperation[] patch =
        [
            JsonPatchOperation.Replace("/name", "Upd2"),
            JsonPatchOperation.Replace("/description", "after"),
            JsonPatchOperation.Replace("/auth/params/host", "h2"),
            JsonPatchOperation.Add("/auth/params/extra", 5),
            JsonPatchOperation.Replace("/auth/params/a~1b", "y"),
            JsonPatchOperation.Remove("/auth/params/c~0d"),
            JsonPatchOperation.Replace("/auth/params/password", "p2"),
        ];

        var result = await SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, patch, Secrets);

        var live = (await harness.Client.GetConnectionAsync(created.Id))!;
        Assert.Equal((live.Id, live.Etag), (result.Id, result.Etag));
        Assert.NotEqual(created.Etag, result.Etag);
        Assert.Equal(1, client.Gets);
    }

    [Fact]
    public async Task A_removed_description_shows_as_no_description()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);

        var result = await SafeConnectionUpdater.UpdateAsync(LosingAnswers(harness), created.Id, created.Etag, [JsonPatchOperation.Remove("/description")]);

        Assert.Equal((await harness.Client.GetConnectionAsync(created.Id))!.Etag, result.Etag);
    }

    [Fact]
    public async Task Replacing_all_params_at_once_is_recognised_by_their_keys_and_readable_values()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var all = new JsonObject { ["host"] = "h3", ["username"] = "u", ["password"] = "p3" };

        var result = await SafeConnectionUpdater.UpdateAsync(LosingAnswers(harness), created.Id, created.Etag, [JsonPatchOperation.Replace("/auth/params", all)], Secrets);

        Assert.Equal((await harness.Client.GetConnectionAsync(created.Id))!.Etag, result.Etag);
    }

    public static TheoryData<string, JsonPatchOperation[], JsonPatchOperation[]> NotOurs => new()
    {
        // what we sent, what the service actually got (someone else's change in between)
        { "name", [JsonPatchOperation.Replace("/name", "Ours")], [JsonPatchOperation.Replace("/name", "Theirs")] },
        { "description", [JsonPatchOperation.Replace("/description", "ours")], [JsonPatchOperation.Replace("/description", "theirs")] },
        { "removed description", [JsonPatchOperation.Remove("/description")], [JsonPatchOperation.Replace("/description", "theirs")] },
        { "readable param", [JsonPatchOperation.Replace("/auth/params/host", "ours")], [JsonPatchOperation.Replace("/auth/params/host", "theirs")] },
        { "added param", [JsonPatchOperation.Add("/auth/params/extra", 1)], [JsonPatchOperation.Replace("/description", "theirs")] },
        { "removed param", [JsonPatchOperation.Remove("/auth/params/a~1b")], [JsonPatchOperation.Replace("/description", "theirs")] },
        { "escaped key", [JsonPatchOperation.Replace("/auth/params/a~1b", "ours")], [JsonPatchOperation.Replace("/auth/params/a~1b", "theirs")] },
        { "all params, other keys", [JsonPatchOperation.Replace("/auth/params", new JsonObject { ["host"] = "h", ["password"] = "p" })], [JsonPatchOperation.Replace("/description", "theirs")] },
        { "all params, other value", [JsonPatchOperation.Replace("/auth/params", new JsonObject { ["host"] = "ours", ["username"] = "u", ["password"] = "p", ["a/b"] = "x", ["c~d"] = "z" })],
            [JsonPatchOperation.Replace("/auth/params/host", "theirs")] },
        { "unknown path", [JsonPatchOperation.Replace("/state", "enabled")], [JsonPatchOperation.Replace("/description", "theirs")] },
    };

    [Theory]
    [MemberData(nameof(NotOurs))]
    public async Task A_possibly_committed_412_stands_when_the_live_connection_does_not_show_the_patch(string what, JsonPatchOperation[] ours, JsonPatchOperation[] theirs)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var client = ChangedElsewhereFirst(harness, created, theirs);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, ours, Secrets));

        Assert.True(error.IsPreconditionFailed, what);
        Assert.Equal(1, client.Gets);
    }

    [Fact]
    public async Task Without_known_secret_params_only_the_presence_of_a_param_is_checked()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var client = ChangedElsewhereFirst(harness, created, [JsonPatchOperation.Replace("/auth/params/host", "theirs")]);

        var result = await SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Replace("/auth/params/host", "ours")], secretParams: null);

        Assert.Equal((await harness.Client.GetConnectionAsync(created.Id))!.Etag, result.Etag);
    }

    [Fact]
    public async Task An_unchanged_etag_means_nothing_committed_and_the_412_stands()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var client = new InterceptingClient(harness.Client) { AroundUpdate = _ => throw InterceptingClient.LostAnswer412() };

        await Assert.ThrowsAsync<FlowServiceException>(() =>
            SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Replace("/description", "before")]));
    }

    [Fact]
    public async Task A_connection_gone_by_the_re_read_leaves_the_412_standing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var client = ElsewhereFirst(harness, () => harness.Client.DeleteConnectionAsync(created.Id));

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Remove("/auth/params/extra")]));
        Assert.True(error.IsPreconditionFailed);
    }

    [Fact]
    public async Task A_re_read_that_fails_leaves_the_original_412_standing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        harness.Host.Faults.FailNext(1, 400, "GET", "/connections/*");
        var lost = InterceptingClient.LostAnswer412();
        var client = new InterceptingClient(harness.Client) { AroundUpdate = _ => throw lost };

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Replace("/description", "x")]));
        Assert.Same(lost, error);
    }

    [Fact]
    public async Task A_possibly_committed_412_on_a_connection_without_auth_stands_when_the_patch_touches_params()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await harness.Client.CreateConnectionAsync(new CreateConnectionRequest(
            "No auth", "before", new ConnectionSpecRef(SourceCatalog.Aliases["data-landing-zone"]), null));
        var client = ChangedElsewhereFirst(harness, created); // the connection has no auth/params to show the patch

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Add("/auth/params/x", "v")], Secrets));

        Assert.True(error.IsPreconditionFailed);
        Assert.Equal(1, client.Gets);
    }

    [Theory]
    [InlineData("/auth/params/a~1b")]
    [InlineData("/auth/params/c~0d")]
    public async Task A_possibly_committed_412_stands_when_a_param_with_an_escaped_name_is_still_there(string path)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = await Create(harness);
        var client = ChangedElsewhereFirst(harness, created); // the removal never happens

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            SafeConnectionUpdater.UpdateAsync(client, created.Id, created.Etag, [JsonPatchOperation.Remove(path)], Secrets));

        Assert.True(error.IsPreconditionFailed);
    }
}
