namespace Provisioner.Emulator.Connections;

/// <summary>Renders a stored connection the way <c>GET /connections</c> returns it: every server field, secrets masked.</summary>
internal static class ConnectionView
{
    /// <summary>
    /// The stand-in for a secret value on read. Adobe's docs use <c>"xxxx"</c> in one example; the exact mask the live
    /// service returns is NOT confirmed (reference §1.4, §8). Clients must treat any read-back secret as opaque.
    /// </summary>
    public const string SecretMask = "xxxx";

    public static JsonObject ToJson(StoredConnection c, ConnectionSpecCatalog catalog)
    {
        var item = new JsonObject
        {
            ["id"] = c.Id,
            ["createdAt"] = c.CreatedAt,
            ["updatedAt"] = c.UpdatedAt,
            ["createdBy"] = c.CreatedBy,
            ["updatedBy"] = c.UpdatedBy,
            ["createdClient"] = c.CreatedClient,
            ["updatedClient"] = c.UpdatedClient,
            ["sandboxId"] = c.SandboxId,
            ["sandboxName"] = c.SandboxName,
            ["imsOrgId"] = c.ImsOrgId,
            ["name"] = c.Name,
        };
        if (c.Description is not null) item["description"] = c.Description;
        item["connectionSpec"] = new JsonObject { ["id"] = c.SpecId, ["version"] = c.SpecVersion };
        item["state"] = c.State;
        if (c.AuthSpecName is not null)
        {
            item["auth"] = new JsonObject { ["specName"] = c.AuthSpecName, ["params"] = MaskedParams(c, catalog) };
        }
        item["version"] = c.Etag;
        item["etag"] = c.Etag;
        return item;
    }

    private static JsonObject MaskedParams(StoredConnection c, ConnectionSpecCatalog catalog)
    {
        // If the spec is no longer in the catalog, nothing is known to be safe: mask every value.
        var authSpec = catalog.FindById(c.SpecId)?.FindAuthSpec(c.AuthSpecName!);
        var result = new JsonObject();
        foreach (var (key, value) in c.AuthParams)
        {
            result[key] = authSpec is null || authSpec.IsSecret(key) ? SecretMask : JsonNode.Parse(value.GetRawText());
        }

        return result;
    }
}
