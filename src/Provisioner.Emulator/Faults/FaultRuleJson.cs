namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// The admin wire format of fault rules: <c>POST /_emulator/faults</c> takes one rule object, an array of rules, or
/// <c>{"seed": 42, "rules": [...]}</c>. A rule: <c>{"kind": "status"|"latency"|"drop"|"delay-response", "status": 429,
/// "retryAfterSeconds": 2, "latencyMs": 250, "rate": 0.3, "count": 5, "method": "POST", "path": "/connections"}</c>; a per-org token bucket:
/// <c>{"kind": "rate-limit", "requestsPerSecond": 50, "burst": 10}</c>.
/// </summary>
internal static class FaultRuleJson
{
    public sealed record Request(int? Seed, IReadOnlyList<FaultRule> Rules);

    public static async Task<(Request? Request, string? Error)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        JsonNode? root;
        try
        {
            root = await JsonNode.ParseAsync(http.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"body is not valid JSON: {ex.Message}");
        }

        int? seed = null;
        JsonArray? rules;
        switch (root)
        {
            case JsonObject obj when obj.ContainsKey("rules") || obj.ContainsKey("seed"):
                if (obj["seed"] is JsonValue s)
                {
                    if (!s.TryGetValue<int>(out var seedValue)) return (null, "'seed' must be an integer");
                    seed = seedValue;
                }

                rules = obj["rules"] as JsonArray ?? (obj.ContainsKey("rules") ? null : []);
                if (rules is null) return (null, "'rules' must be an array");
                break;
            case JsonObject single:
                rules = [single.DeepClone()];
                break;
            case JsonArray array:
                rules = array;
                break;
            default:
                return (null, "expected a rule object, an array of rules, or {seed, rules}");
        }

        var parsed = new List<FaultRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var (rule, error) = Parse(rules[i] as JsonObject);
            if (error is not null) return (null, $"rules[{i}]: {error}");
            parsed.Add(rule!);
        }

        return (new Request(seed, parsed), null);
    }

    private static (FaultRule?, string?) Parse(JsonObject? obj)
    {
        if (obj is null) return (null, "a rule must be an object");
        try
        {
            var kind = (string?)obj["kind"] switch
            {
                "status" or null => FaultKind.Status,
                "latency" => FaultKind.Latency,
                "drop" => FaultKind.DropResponse,
                "delay-response" => FaultKind.DelayResponse,
                "rate-limit" => FaultKind.RateLimit,
                var other => throw new FormatException($"kind '{other}' is not one of status, latency, drop, delay-response, rate-limit"),
            };
            return (new FaultRule
            {
                Kind = kind,
                StatusCode = (int?)obj["status"] ?? 503,
                RetryAfter = obj["retryAfterSeconds"] is { } ra ? TimeSpan.FromSeconds((double)ra) : null,
                Latency = obj["latencyMs"] is { } ms ? TimeSpan.FromMilliseconds((double)ms) : TimeSpan.Zero,
                Rate = (double?)obj["rate"] ?? 1.0,
                Count = (int?)obj["count"],
                Method = (string?)obj["method"],
                Path = (string?)obj["path"],
                RequestsPerSecond = (double?)obj["requestsPerSecond"] ?? 0,
                Burst = (int?)obj["burst"] ?? 1,
            }, null);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return (null, ex.Message);
        }
    }

    public static object ToJson(FaultRule r) => new
    {
        kind = r.Kind switch { FaultKind.Latency => "latency", FaultKind.DropResponse => "drop", FaultKind.DelayResponse => "delay-response", FaultKind.RateLimit => "rate-limit", _ => "status" },
        status = r.Kind == FaultKind.Status ? r.StatusCode : (int?)null,
        retryAfterSeconds = r.RetryAfter?.TotalSeconds,
        latencyMs = r.Kind is FaultKind.Latency or FaultKind.DelayResponse ? r.Latency.TotalMilliseconds : (double?)null,
        rate = r.Rate,
        count = r.Count,
        method = r.Method,
        path = r.Path,
        requestsPerSecond = r.Kind == FaultKind.RateLimit ? r.RequestsPerSecond : (double?)null,
        burst = r.Kind == FaultKind.RateLimit ? r.Burst : (int?)null,
    };
}
