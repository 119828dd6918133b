namespace Provisioner.Emulator.Tests;

public class ListConnectionTests
{
    private static async Task<EmulatorSession> WithConnectionsAsync(params string[] names)
    {
        var session = await EmulatorSession.StartAsync();
        foreach (var name in names) await session.CreateMixpanelAsync(name);
        return session;
    }

    private static async Task<string[]> NamesAsync(EmulatorSession session, string query)
    {
        var (status, body, _) = await session.SendAsync(HttpMethod.Get, "/connections" + query);
        Assert.True(status == 200, $"{query}: {status} {body}");
        return body!["items"]!.AsArray().Select(i => (string)i!["name"]!).ToArray();
    }

    [Fact]
    public async Task Property_filters_support_the_documented_operators_lists_and_quotes()
    {
        await using var session = await WithConnectionsAsync("alpha", "beta", "gamma", "with, comma");

        Assert.Equal(["beta"], await NamesAsync(session, "?property=name==beta"));
        Assert.Equal(["beta"], await NamesAsync(session, "?property=name==\"beta\""));
        Assert.Equal(["alpha", "gamma"], await NamesAsync(session, "?property=name==alpha,gamma"));
        Assert.Equal(["with, comma"], await NamesAsync(session, "?property=" + Uri.EscapeDataString("name==\"with, comma\"")));
        Assert.Equal(["alpha", "with, comma"], await NamesAsync(session, "?property=name!=beta,gamma"));
        Assert.Equal(["gamma", "with, comma"], await NamesAsync(session, "?property=" + Uri.EscapeDataString("name>beta")));
        Assert.Equal(["beta", "gamma", "with, comma"], await NamesAsync(session, "?property=" + Uri.EscapeDataString("name>=beta")));
        Assert.Equal(["alpha"], await NamesAsync(session, "?property=" + Uri.EscapeDataString("name<beta")));
        Assert.Equal(["alpha", "beta"], await NamesAsync(session, "?property=" + Uri.EscapeDataString("name<=beta")));
        Assert.Equal(4, (await NamesAsync(session, $"?property=connectionSpec.id=={EmulatorSession.MixpanelSpec}&property=state==enabled")).Length);
        Assert.Empty(await NamesAsync(session, "?property=state==disabled"));
        Assert.Equal(["beta"], await NamesAsync(session, $"?property=name!=alpha&property=" + Uri.EscapeDataString("name<gamma")));
    }

    [Fact]
    public async Task Filter_by_id_and_description()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (a, _) = await session.CreateAsync(EmulatorSession.MixpanelBody("a", description: "first"));
        await session.CreateAsync(EmulatorSession.MixpanelBody("b"));
        Assert.Equal(["a"], await NamesAsync(session, $"?property=id=={a}"));
        Assert.Equal(["a"], await NamesAsync(session, "?property=description==first"));
        Assert.Equal(["b"], await NamesAsync(session, "?property=description!=first"));
    }

    [Theory]
    [InlineData("?property=bogus==1", 1443)]
    [InlineData("?property=name", 1440)]
    [InlineData("?property=name==\"unbalanced", 1440)]
    [InlineData("?property=name%3Ea,b", 1440)]
    [InlineData("?orderby=password", 1432)]
    [InlineData("?orderby=-bogus", 1432)]
    [InlineData("?limit=0", 1440)]
    [InlineData("?limit=abc", 1440)]
    [InlineData("?count=maybe", 1440)]
    [InlineData("?continuationToken=garbage!!", 1440)]
    [InlineData("?limit=5&count=true", 1401)]
    public async Task Bad_list_queries_are_400_with_a_FLOW_code(string query, int code)
    {
        await using var session = await EmulatorSession.StartAsync();
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, "/connections" + query), code, 400);
    }

    [Fact]
    public async Task Orderby_sorts_ascending_by_default_and_descending_with_a_dash()
    {
        await using var session = await WithConnectionsAsync("b", "c", "a");
        Assert.Equal(["b", "c", "a"], await NamesAsync(session, ""));
        Assert.Equal(["a", "b", "c"], await NamesAsync(session, "?orderby=name"));
        Assert.Equal(["a", "b", "c"], await NamesAsync(session, "?orderby=%2Bname"));
        Assert.Equal(["c", "b", "a"], await NamesAsync(session, "?orderby=-name"));
    }

    [Fact]
    public async Task Count_returns_only_the_count_of_matching_connections()
    {
        await using var session = await WithConnectionsAsync("a", "b", "c");
        var (status, body, _) = await session.SendAsync(HttpMethod.Get, "/connections?count=true&property=name!=b");
        Assert.Equal(200, status);
        Assert.Equal("""{"count":2}""", body!.ToJsonString());
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("&orderby=-name", 3)]
    [InlineData("&orderby=name&property=name!=n07", 7)]
    public async Task Paging_serves_every_matching_connection_exactly_once(string extra, int limit)
    {
        await using var session = await WithConnectionsAsync(Enumerable.Range(0, 20).Select(i => $"n{i:D2}").ToArray());
        var expected = (await NamesAsync(session, "?limit=100" + extra)).ToList();

        var seen = new List<string>();
        var next = $"/connections?limit={limit}{extra}";
        var pages = 0;
        while (next is not null)
        {
            var (status, body, _) = await session.SendAsync(HttpMethod.Get, next);
            Assert.Equal(200, status);
            var items = body!["items"]!.AsArray();
            Assert.True(items.Count <= limit);
            seen.AddRange(items.Select(i => (string)i!["name"]!));
            next = (string?)body["_links"]?["next"]?["href"];
            if (next is not null) Assert.StartsWith("/connections?continuationToken=", next, StringComparison.Ordinal);
            Assert.True(++pages <= 21, "paging does not terminate");
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_continuation_token_is_stable_when_connections_are_inserted_between_pages()
    {
        await using var session = await WithConnectionsAsync("a", "c", "e", "g");
        var first = await session.SendAsync(HttpMethod.Get, "/connections?orderby=name&limit=2");
        Assert.Equal(["a", "c"], first.Body!["items"]!.AsArray().Select(i => (string)i!["name"]!));

        await session.CreateMixpanelAsync("b"); // sorts before the boundary: must not shift the next page
        await session.CreateMixpanelAsync("f"); // sorts after it: appears in order
        var next = (string)first.Body["_links"]!["next"]!["href"]!;
        var second = await session.SendAsync(HttpMethod.Get, next);
        var names = second.Body!["items"]!.AsArray().Select(i => (string)i!["name"]!).ToList();
        Assert.Equal(["e", "f"], names);
        var third = await session.SendAsync(HttpMethod.Get, (string)second.Body["_links"]!["next"]!["href"]!);
        Assert.Equal(["g"], third.Body!["items"]!.AsArray().Select(i => (string)i!["name"]!));
        Assert.Null(third.Body["_links"]);
    }

    [Fact]
    public async Task A_limit_above_100_is_honoured_as_the_OAS_sets_no_maximum_and_the_default_page_is_100()
    {
        await using var session = await WithConnectionsAsync(Enumerable.Range(0, 105).Select(i => $"c{i:D3}").ToArray());
        var large = await session.SendAsync(HttpMethod.Get, "/connections?limit=500");
        Assert.Equal(105, large.Body!["items"]!.AsArray().Count);
        Assert.Null(large.Body["_links"]?["next"]);
        var unlimited = await session.SendAsync(HttpMethod.Get, "/connections");
        Assert.Equal(100, unlimited.Body!["items"]!.AsArray().Count);
        var rest = await session.SendAsync(HttpMethod.Get, (string)unlimited.Body["_links"]!["next"]!["href"]!);
        Assert.Equal(5, rest.Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_items_are_masked_like_get()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.CreateMixpanelAsync("masked", "list-secret-value");
        var (_, body, _) = await session.SendAsync(HttpMethod.Get, "/connections");
        Assert.DoesNotContain("list-secret-value", body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("xxxx", (string?)body["items"]![0]!["auth"]!["params"]!["password"]);
    }
}
