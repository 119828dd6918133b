using System.Text.RegularExpressions;
using static Provisioner.Emulator.Catalog.CatalogYaml;

namespace Provisioner.Emulator.Catalog;

/// <summary>
/// The sources the emulator knows, read from <c>Catalog/connection-specs.yaml</c> (embedded). Public and read-only so
/// the CLI can resolve the definitions file's short aliases (<c>mixpanel</c>, <c>amazon-s3</c>, …) to spec IDs.
/// </summary>
public sealed class ConnectionSpecCatalog
{
    private static readonly Lazy<ConnectionSpecCatalog> Embedded = new(() => ReadEmbedded("connection-specs.yaml", Load));

    private readonly Dictionary<string, CatalogSource> _byId;
    private readonly Dictionary<string, CatalogSource> _byAlias;

    private ConnectionSpecCatalog(IReadOnlyList<CatalogSource> sources)
    {
        Sources = sources;
        _byId = sources.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        _byAlias = sources.ToDictionary(s => s.Alias, StringComparer.Ordinal);
    }

    /// <summary>Every connection spec in file order: the sources, then the destinations (<see cref="CatalogSource.IsDestination"/>).</summary>
    public IReadOnlyList<CatalogSource> Sources { get; }

    /// <summary>The catalog shipped inside the emulator assembly (parsed once, shared: it is immutable).</summary>
    public static ConnectionSpecCatalog LoadEmbedded() => Embedded.Value;

    /// <summary>By connectionSpec.id (GUIDs compare case-insensitively).</summary>
    public CatalogSource? FindById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>By the short lowercase alias used in definitions files.</summary>
    public CatalogSource? FindByAlias(string alias) => _byAlias.GetValueOrDefault(alias);

    /// <summary>Parses and checks a catalog. Errors say which entry and what is wrong.</summary>
    /// <exception cref="CatalogException">The YAML is malformed or an entry is invalid.</exception>
    public static ConnectionSpecCatalog Load(TextReader yaml, string sourceName)
    {
        var file = Deserialize<CatalogFile>(yaml, sourceName);
        var sources = new List<CatalogSource>();
        var seenIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seenAliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, listName, isDestination) in new[] { (file.Sources, "sources", false), (file.Destinations, "destinations", true) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                var entry = list[i];
                var where = $"{sourceName}: {listName}[{i}] (alias '{entry.Alias ?? "?"}')";
                var source = ToSource(entry, file.Defaults, where) with { IsDestination = isDestination };
                if (!seenIds.Add(source.Id)) throw new CatalogException($"{where}: id '{source.Id}' is used by an earlier entry.");
                if (!seenAliases.Add(source.Alias)) throw new CatalogException($"{where}: alias '{source.Alias}' is used by an earlier entry.");
                sources.Add(source);
            }
        }

        if (sources.Count == 0) throw new CatalogException($"{sourceName}: no sources are defined.");
        return new ConnectionSpecCatalog(sources);
    }

    private static readonly Regex AliasPattern = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private static readonly string[] ParamTypes = ["string", "integer", "number", "boolean"];

    private static CatalogSource ToSource(SourceEntry e, DefaultsEntry defaults, string where)
    {
        var alias = Required(e.Alias, "alias", where);
        if (!AliasPattern.IsMatch(alias)) throw new CatalogException($"{where}: alias must be lowercase words joined by '-'.");
        var id = Required(e.Id, "id", where);
        if (!Guid.TryParse(id, out _)) throw new CatalogException($"{where}: id '{id}' is not a GUID.");
        var explore = (e.Explore ?? "tables") switch
        {
            "files" => ExploreKind.Files,
            "tables" => ExploreKind.Tables,
            "none" => ExploreKind.None,
            var other => throw new CatalogException($"{where}: explore '{other}' is not one of files, tables, none."),
        };
        // Absent is a mistake; an explicit empty list says "this spec takes no auth" (Data Landing Zone).
        if (e.AuthSpecs is null) throw new CatalogException($"{where}: authSpecs is missing (write 'authSpecs: []' for a spec that takes no auth).");

        var authSpecs = new List<CatalogAuthSpec>();
        foreach (var a in e.AuthSpecs)
        {
            var specName = Required(a.Name, "authSpecs[].name", where);
            var authWhere = $"{where}, auth spec '{specName}'";
            if (authSpecs.Any(x => x.Name == specName)) throw new CatalogException($"{authWhere}: defined twice.");
            if (a.Params.Count == 0) throw new CatalogException($"{authWhere}: params is empty.");
            var parameters = new List<CatalogParam>();
            foreach (var p in a.Params)
            {
                var name = Required(p.Name, "params[].name", authWhere);
                var paramWhere = $"{authWhere}, param '{name}'";
                if (parameters.Any(x => x.Name == name)) throw new CatalogException($"{paramWhere}: defined twice.");
                var type = p.Type ?? "string";
                if (!ParamTypes.Contains(type)) throw new CatalogException($"{paramWhere}: type '{type}' is not one of {string.Join(", ", ParamTypes)}.");
                if (p.Pattern is not null)
                {
                    try { _ = new Regex(p.Pattern, RegexOptions.CultureInvariant); }
                    catch (ArgumentException ex) { throw new CatalogException($"{paramWhere}: pattern is not a valid regex: {ex.Message}", ex); }
                }

                parameters.Add(new CatalogParam(name, type, p.Required, p.Secret, p.Description, p.Pattern,
                    p.Enum is { Count: > 0 } ? p.Enum : null, DefaultValue(p.Default, type, paramWhere)));
            }

            authSpecs.Add(new CatalogAuthSpec(specName, Required(a.Type, "authSpecs[].type", authWhere), parameters));
        }

        return new CatalogSource(alias, id.ToLowerInvariant(), Required(e.Name, "name", where),
            Required(e.ConnectorName, "connectorName", where), Required(e.Category, "category", where),
            e.ProviderId ?? Required(defaults.ProviderId, "providerId (or defaults.providerId)", where),
            e.Version ?? Required(defaults.Version, "version (or defaults.version)", where), explore, authSpecs);
    }

    private static JsonValue? DefaultValue(string? raw, string type, string where)
    {
        if (raw is null) return null;
        return type switch
        {
            "integer" when long.TryParse(raw, out var l) => JsonValue.Create(l),
            "number" when double.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            "boolean" when bool.TryParse(raw, out var b) => JsonValue.Create(b),
            "string" => JsonValue.Create(raw),
            _ => throw new CatalogException($"{where}: default '{raw}' is not a valid {type}."),
        };
    }

    // YAML shapes (mutable for the deserializer; turned into immutable records above).
    private sealed class CatalogFile
    {
        public DefaultsEntry Defaults { get; set; } = new();
        public List<SourceEntry> Sources { get; set; } = [];
        public List<SourceEntry> Destinations { get; set; } = [];
    }

    private sealed class DefaultsEntry
    {
        public string? ProviderId { get; set; }
        public string? Version { get; set; }
    }

    private sealed class SourceEntry : SpecEntry
    {
        public string? Alias { get; set; }
        public string? ConnectorName { get; set; }
        public string? Category { get; set; }
        public string? Explore { get; set; }
        public List<AuthSpecEntry>? AuthSpecs { get; set; }
    }

    private sealed class AuthSpecEntry
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public List<ParamEntry> Params { get; set; } = [];
    }

    private sealed class ParamEntry
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public bool Required { get; set; }
        public bool Secret { get; set; }
        public string? Description { get; set; }
        public string? Pattern { get; set; }
        public List<string>? Enum { get; set; }
        public string? Default { get; set; }
    }
}

/// <summary>The catalog file is malformed; the message names the entry and the problem.</summary>
public sealed class CatalogException(string message, Exception? inner = null) : Exception(message, inner);
