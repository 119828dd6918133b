namespace Provisioner.FlowService.Errors;

/// <summary>Collects the secrets one request carries, so that nothing the service echoes back can leak them.</summary>
internal static class RequestSecrets
{
    /// <summary>The client's own credentials: every request carries (or was authorised with) them.</summary>
    public static SecretSet Of(FlowServiceOptions options)
    {
        var secrets = new SecretSet();
        secrets.Add(options.ClientSecret);
        secrets.Add(options.AccessToken);
        return secrets;
    }

    /// <summary>Every string under auth params is treated as secret: which ones really are depends on the spec.</summary>
    public static void AddAuthValues(SecretSet secrets, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    AddAuthValues(secrets, child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    AddAuthValues(secrets, child);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                secrets.Add(text);
                break;
        }
    }
}
