using System.Net;
using System.Text.Json;

namespace Provisioner.Core.Tests.Connections;

/// <summary>The one check of params against their spec's JSON Schema (JsonSchema.Net): each JSON type is told apart,
/// and each failed keyword gets its own wording; a value is never quoted.</summary>
public sealed class ConnectionValidatorTests
{
    private static readonly ConnectionSpec Spec = new()
    {
        Id = "3c9b37f8-13a2-43d9-a1d6-3b07c8c0d1a9", Name = "typed", Version = "1.0",
        AuthSpecs =
        [
            new AuthSpec
            {
                Name = "Typed", Type = "BasicAuthentication",
                Spec = JsonNode.Parse("""
                    { "type": "object", "required": ["host"], "properties": {
                        "host":    { "type": "string" },
                        "port":    { "type": "integer" },
                        "ratio":   { "type": "number" },
                        "secure":  { "type": "boolean" },
                        "region":  { "type": "string", "enum": ["eu", "us"] },
                        "account": { "type": "string", "pattern": "^[0-9]{4}$" },
                        "label":   { "type": "string", "minLength": 3 },
                        "weird":   { "type": 17 },
                        "broken":  { "$ref": "#/nowhere" },
                        "password": { "type": "string", "format": "password" } } }
                    """)!.AsObject(),
            },
            new AuthSpec { Name = "Open", Type = "Custom" },
        ],
    };

    private static string[] Problems(string param, JsonNode? value) =>
        ConnectionValidator.Validate(Spec, "Typed", [new("host", "h", false), new(param, value, false)]).Select(p => p.Message).ToArray();

    [Theory]
    [InlineData("host", "42", "string", "a number (quote it)")]
    [InlineData("host", "true", "string", "a boolean (quote it)")]
    [InlineData("host", "{}", "string", "a map (quote it)")]
    [InlineData("host", "[]", "string", "a list (quote it)")]
    [InlineData("port", "1.5", "integer", "a number")]
    [InlineData("port", "\"22\"", "integer", "a string")]
    [InlineData("ratio", "\"0.5\"", "number", "a string")]
    [InlineData("secure", "\"yes\"", "boolean", "a string")]
    [InlineData("secure", "1", "boolean", "a number")]
    public void A_value_of_the_wrong_type_is_named_by_its_param_the_type_and_what_was_found(string param, string json, string type, string found) =>
        AssertOneProblem(param, json, $"param '{param}' must be of type {type}, found {found}");

    [Theory]
    [InlineData("region", "\"ap\"", "param 'region' must be one of [\"eu\",\"us\"]")]
    [InlineData("account", "\"12a4\"", "param 'account' does not match the pattern the connection spec requires")]
    [InlineData("label", "\"ab\"", "param 'label' does not satisfy the connection spec (minLength)")]
    public void A_value_that_breaks_a_keyword_gets_that_keywords_wording(string param, string json, string expected) =>
        AssertOneProblem(param, json, expected);

    /// <summary>Validates the value next to a valid one of another param (the required host, unless host is under test)
    /// and expects exactly <paramref name="expected"/>.</summary>
    private static void AssertOneProblem(string param, string json, string expected)
    {
        var problems = ConnectionValidator.Validate(Spec, "Typed",
            [new(param == "host" ? "port" : "host", param == "host" ? JsonValue.Create(1) : JsonValue.Create("h"), false), new(param, JsonNode.Parse(json), false)]);

        var problem = Assert.Single(problems);
        Assert.Equal((ProblemSubject.Param, param, expected), (problem.Subject, problem.Param, problem.Message));
    }

    [Theory]
    [InlineData("port", 22)]
    [InlineData("ratio", 0.5)]
    [InlineData("ratio", 2)]
    [InlineData("secure", false)]
    [InlineData("region", "eu")]
    [InlineData("account", "0042")]
    [InlineData("label", "abc")]
    public void A_value_that_fits_its_schema_passes(string param, object value)
    {
        Assert.Empty(Problems(param, JsonNode.Parse(JsonSerializer.Serialize(value))));
    }

    [Theory]
    [InlineData("weird")]
    [InlineData("broken")]
    public void Any_value_passes_a_schema_the_library_cannot_use(string param)
    {
        Assert.Empty(Problems(param, JsonValue.Create("anything")));
    }

    [Fact]
    public void Secret_references_and_unknown_values_are_not_type_checked()
    {
        Assert.Empty(ConnectionValidator.Validate(Spec, "Typed", [new("host", null, false), new("port", null, true), new("password", null, true)]));
    }

    [Fact]
    public void A_plain_value_for_a_password_param_is_refused_without_quoting_it()
    {
        var problem = Assert.Single(ConnectionValidator.Validate(Spec, "Typed", [new("host", "h", false), new("password", "hunter2", false)]));
        Assert.Equal(ProblemSubject.Param, problem.Subject);
        Assert.DoesNotContain("hunter2", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("'password' is a secret (format: password)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_come_in_param_order_then_missing_required_params()
    {
        var problems = ConnectionValidator.Validate(Spec, "Typed", [new("secure", "yes", false), new("nope", 1, false), new("port", "x", false)]);

        Assert.Equal(
        [
            (ProblemSubject.Param, "secure"),
            (ProblemSubject.Param, "nope"),
            (ProblemSubject.Param, "port"),
            (ProblemSubject.Params, "host"),
        ], problems.Select(p => (p.Subject, p.Param)));
        Assert.Equal("missing required param 'host' of auth spec 'Typed'", problems[^1].Message);
        Assert.StartsWith("unknown param 'nope' for auth spec 'Typed'; declared: host, port, ratio, secure,", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_auth_spec_that_declares_no_params_accepts_any_and_requires_none()
    {
        Assert.Empty(ConnectionValidator.Validate(Spec, "Open", [new("anything", 1, false), new("else", "x", false)]));
        Assert.Empty(ConnectionValidator.Validate(Spec, "Open", []));
    }

    [Fact]
    public void An_unknown_auth_spec_lists_the_available_ones()
    {
        var problem = Assert.Single(ConnectionValidator.Validate(Spec, "typed", []));
        Assert.Equal((ProblemSubject.AuthSpecName, (string?)null), (problem.Subject, problem.Param));
        Assert.Equal("unknown auth spec 'typed' for typed (3c9b37f8-13a2-43d9-a1d6-3b07c8c0d1a9); available: 'Typed', 'Open'", problem.Message);
    }

    [Fact]
    public async Task The_live_check_reports_an_unknown_spec_unless_unknown_specs_are_accepted()
    {
        var catalog = new InMemoryConnectionSpecCatalog([Spec], []);

        var unknown = Assert.Single(await ConnectionValidator.ValidateAsync(catalog, "nope", "Typed", [], acceptUnknownSpec: false));
        Assert.Equal((ProblemSubject.ConnectionSpec, "unknown connection spec id 'nope'"), (unknown.Subject, unknown.Message));
        Assert.Empty(await ConnectionValidator.ValidateAsync(catalog, "nope", "Typed", [], acceptUnknownSpec: true));
        Assert.Equal("port", Assert.Single(await ConnectionValidator.ValidateAsync(catalog, Spec.Id, "Typed",
            [new("host", "h", false), new("port", "x", false)], acceptUnknownSpec: true)).Param);
    }

    [Fact]
    public async Task A_spec_that_cannot_be_read_is_a_problem_but_refused_credentials_and_outages_propagate()
    {
        var notFound = new FlowServiceException("GET /connectionSpecs/x failed: 400") { StatusCode = HttpStatusCode.BadRequest };
        var problem = Assert.Single(await ConnectionValidator.ValidateAsync(new FailingCatalog(notFound), "x", "Typed", [], acceptUnknownSpec: true));
        Assert.Equal((ProblemSubject.ConnectionSpec, "could not read connection spec 'x': GET /connectionSpecs/x failed: 400"), (problem.Subject, problem.Message));

        var refused = new FlowServiceException("refused") { StatusCode = HttpStatusCode.Unauthorized };
        Assert.Same(refused, await Assert.ThrowsAsync<FlowServiceException>(() => ConnectionValidator.ValidateAsync(new FailingCatalog(refused), "x", "Typed", [], false)));
        var outage = new FlowServiceException("down") { StatusCode = HttpStatusCode.BadGateway };
        Assert.Same(outage, await Assert.ThrowsAsync<FlowServiceException>(() => ConnectionValidator.ValidateAsync(new FailingCatalog(outage), "x", "Typed", [], false)));
    }

    [Fact]
    public void A_connection_without_auth_for_a_spec_that_needs_one_lists_the_auth_specs_to_choose_from()
    {
        var problem = Assert.Single(ConnectionValidator.Validate(Spec, null, []));

        Assert.Equal((ProblemSubject.AuthSpecName, (string?)null), (problem.Subject, problem.Param));
        Assert.Equal("missing 'auth': typed (3c9b37f8-13a2-43d9-a1d6-3b07c8c0d1a9) needs one of its auth specs: 'Typed', 'Open'", problem.Message);
    }

    [Theory]
    [InlineData("""{ "type": "string", "minLength": 3, "maxLength": 1 }""", "param 'p' does not satisfy the connection spec (minLength, maxLength)")]
    [InlineData("""{ "not": {} }""", "param 'p' does not satisfy the connection spec (schema)")]
    [InlineData("""{ "allOf": [{ "type": "integer" }] }""", "param 'p' does not satisfy the connection spec (type)")]
    [InlineData("""{ "allOf": [{ "enum": ["x"] }] }""", "param 'p' does not satisfy the connection spec (enum)")]
    [InlineData("""{ "type": ["integer", "boolean"] }""", "param 'p' must be of type integer or boolean, found a string")]
    [InlineData("""{ "type": ["boolean", "string"] }""", "param 'p' must be of type boolean or string, found a number (quote it)")]
    public void Every_failed_keyword_is_named_and_a_schema_that_names_none_is_still_a_problem(string schema, string expected)
    {
        var value = expected.EndsWith("(quote it)", StringComparison.Ordinal) ? JsonValue.Create(5) : JsonValue.Create("ab");

        var problem = Assert.Single(ConnectionValidator.Validate(OneParam("keywords", JsonNode.Parse(schema)!.AsObject()), "Auth", [new("p", value, false)]));

        Assert.Equal(expected, problem.Message);
    }

    [Fact]
    public void Param_schemas_of_different_specs_sharing_an_id_are_each_checked_against_their_own()
    {
        // Each schema is built with a registry of its own: a process-wide one refuses the second "$id" and the
        // param would silently go unchecked.
        var id = $"https://example.com/shared-{Guid.NewGuid():N}";
        var asString = OneParam("spec-a", new JsonObject { ["$id"] = id, ["type"] = "string" });
        var asInteger = OneParam("spec-b", new JsonObject { ["$id"] = id, ["type"] = "integer" });

        Assert.Equal("param 'p' must be of type string, found a number (quote it)",
            Assert.Single(ConnectionValidator.Validate(asString, "Auth", [new("p", 5, false)])).Message);
        Assert.Equal("param 'p' must be of type integer, found a string",
            Assert.Single(ConnectionValidator.Validate(asInteger, "Auth", [new("p", "x", false)])).Message);
    }

    private static ConnectionSpec OneParam(string id, JsonObject schema) => new()
    {
        Id = id, Name = id, Version = "1.0",
        AuthSpecs = [new AuthSpec { Name = "Auth", Spec = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["p"] = schema } } }],
    };
}
