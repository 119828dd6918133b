namespace Provisioner.Core.Tests;

/// <summary>A small spec catalog with the shapes Adobe documents (reference §4.1), for parser/resolver unit tests
/// that must not depend on another project's catalog contents.</summary>
internal static class TestCatalog
{
    public const string MixpanelId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";
    public const string S3Id = "ecadc60c-7455-4d87-84dc-2a0e293d997b";

    /// <summary>Each spec is also known by its name as alias (mixpanel, amazon-s3, …), as in Adobe's catalog.</summary>
    public static InMemoryConnectionSpecCatalog Create()
    {
        ConnectionSpec[] specs =
        [
            Spec(MixpanelId, "mixpanel", Auth("Basic Authentication", ["host", "username", "password"], ["password"])),
            Spec(S3Id, "amazon-s3",
                Auth("Access Key", ["s3AccessKey", "s3SecretKey"], ["s3SecretKey", "s3SessionToken"], "s3SessionToken", "serviceUrl")),
            Spec("cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "salesforce",
                Auth("Basic Authentication", ["environmentUrl", "username", "password", "securityToken"], ["password", "securityToken"], "apiVersion"),
                Auth("OAuth2 Client Credential", ["environmentUrl", "clientId", "clientSecret"], ["clientSecret"], "apiVersion")),
            Spec("b7bf2577-4520-42c9-bae9-cad01560f7bc", "sftp",
                Auth("Basic Authentication for sftp", ["host", "userName", "password"], ["password"], "port:integer")),
        ];
        return new(specs, specs.Select(spec => KeyValuePair.Create(spec.Name, spec.Id)));
    }

    private static ConnectionSpec Spec(string id, string name, params AuthSpec[] auth) =>
        new() { Id = id, Name = name, Version = "1.0", AuthSpecs = auth };

    private static AuthSpec Auth(string name, string[] required, string[] secrets, params string[] optional)
    {
        var properties = new JsonObject();
        foreach (var p in required.Concat(secrets).Concat(optional).Distinct())
        {
            var parts = p.Split(':');
            var schema = new JsonObject { ["type"] = parts.Length > 1 ? parts[1] : "string" };
            if (secrets.Contains(parts[0]))
            {
                schema["format"] = "password";
            }
            properties[parts[0]] = schema;
        }
        return new AuthSpec
        {
            Name = name,
            Type = "BasicAuthentication",
            Spec = new JsonObject
            {
                ["$schema"] = "http://json-schema.org/draft-07/schema#",
                ["type"] = "object",
                ["properties"] = properties,
                ["required"] = new JsonArray(required.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            },
        };
    }
}
