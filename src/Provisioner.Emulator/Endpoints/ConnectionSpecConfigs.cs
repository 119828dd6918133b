using System.Globalization;

namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// <c>GET /connectionSpecs/{id}/configs</c>. The two OAS files describe it differently, and both shapes are served:
/// <list type="bullet">
/// <item>with <c>outputType</c> (destinations OAS <c>getDatasets</c>: <c>outputType</c> and <c>outputField</c> required,
/// <c>start</c> ≥ 0, <c>limit</c> 1–100, default 20): <c>{"items": [dataset…]}</c>. Only
/// <c>outputType=activationDatasets&amp;outputField=datasets</c> on the Data Lake spec <see cref="DataLakeSpecId"/>
/// lists datasets (three fixed examples shaped like the OAS's <c>Destination_Dataset_Response</c>); any other known spec
/// or output type gives none.</item>
/// <item>without it (sources OAS <c>configByConnectionSpecId</c>, <c>ExploreConnectionResponse</c>): an array of config
/// options — empty, as no catalog spec declares any.</item>
/// </list>
/// </summary>
internal static class ConnectionSpecConfigs
{
    /// <summary>Experience Platform Data Lake source connection spec: the id the destinations OAS says to ask for datasets.</summary>
    public const string DataLakeSpecId = "23598e46-f560-407b-88d5-ea6207e49db0";
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    private static readonly (string Id, string Name, string Description)[] Datasets =
    [
        ("635865d23b3f261ba5a8589b", "City Dataset", "A dataset of cities around the world"),
        ("635865d23b3f261ba5a8589d", "Company Dataset", "Companies known to the organisation"),
        ("635865d23b3f261ba5a8589f", "Employee Dataset", "Employees of those companies"),
    ];

    public static void MapConnectionSpecConfigs(this IEndpointRouteBuilder app) =>
        app.MapGet(EmulatorPaths.ConnectionSpecs + "/{id}/configs", (HttpContext context, string id, ConnectionSpecCatalog catalog) =>
        {
            var isDataLake = string.Equals(id, DataLakeSpecId, StringComparison.OrdinalIgnoreCase);
            if (!isDataLake && catalog.FindById(id) is null) return ErrorBodies.NotFound(context, "connectionSpecs", id);
            var query = context.Request.Query;
            if (!query.ContainsKey("outputType")) return Results.Json(new JsonArray());

            var outputType = query["outputType"].ToString();
            var outputField = query["outputField"].ToString();
            if (outputType.Length == 0) return ErrorBodies.BadRequest(context, 1337, "The mandatory query parameter outputType is not provided.");
            if (outputField.Length == 0) return ErrorBodies.BadRequest(context, 1337, "The mandatory query parameter outputField is not provided.");
            var (start, startError) = Integer(context, "start", 0, min: 0, max: int.MaxValue);
            if (startError is not null) return startError;
            var (limit, limitError) = Integer(context, "limit", DefaultLimit, min: 1, max: MaxLimit);
            if (limitError is not null) return limitError;

            var datasets = isDataLake && outputType == "activationDatasets" && outputField == "datasets" ? Datasets : [];
            return Results.Json(new JsonObject
            {
                ["items"] = new JsonArray(datasets.Skip(start).Take(limit).Select(d => (JsonNode)Dataset(d)).ToArray()),
            });
        });

    private static (int Value, IResult? Error) Integer(HttpContext context, string name, int fallback, int min, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return (fallback, null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (0, ErrorBodies.BadRequest(context, 1440, $"Invalid value '{text}' for '{name}': expected an integer from {min} to {max}."));
    }

    private static JsonObject Dataset((string Id, string Name, string Description) d) => new()
    {
        ["id"] = d.Id,
        ["name"] = d.Name,
        ["description"] = d.Description,
        ["fileDescription"] = new JsonObject { ["persisted"] = false, ["format"] = "parquet" },
        ["aspect"] = "production",
    };
}
