using System.Diagnostics.CodeAnalysis;

namespace Provisioner.Cli.Settings;

/// <summary>
/// Definition secrets from environment variables. Rule: <c>{ secret: NAME }</c> is read from
/// <c>AEP_SECRET_&lt;NAME upper-cased&gt;</c> (secret names are letters, digits and '_', so nothing else changes):
/// <c>mixpanelPassword</c> → <c>AEP_SECRET_MIXPANELPASSWORD</c>.
/// In <c>--local</c> mode an unset secret gets a labelled placeholder, so the example runs on a fresh machine;
/// placeholders never leave the local emulator.
/// </summary>
internal sealed class EnvironmentSecretSource(Func<string, string?> getVariable, bool localPlaceholders, TextWriter notices) : ISecretSource
{
    public const string Prefix = "AEP_SECRET_";
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);

    public static string VariableFor(string secretName) => Prefix + secretName.ToUpperInvariant();

    /// <summary>Secret names that differ only by case read the same variable, so they could never hold different
    /// values: one located error per reference whose spelling differs from the first one seen.</summary>
    public static IEnumerable<DefinitionError> CaseCollisions(DefinitionsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var first = new Dictionary<string, ParamDefinition>(StringComparer.Ordinal);
        foreach (var param in document.Connections.SelectMany(c => c.Params).Where(p => p.SecretName is not null)
            .OrderBy(p => p.Location.Line).ThenBy(p => p.Location.Column))
        {
            var variable = VariableFor(param.SecretName!);
            if (!first.TryAdd(variable, param) && first[variable] is var earlier && earlier.SecretName != param.SecretName)
            {
                yield return new DefinitionError(param.Location,
                    $"secret '{param.SecretName}' and secret '{earlier.SecretName}' ({earlier.Location.File}:{earlier.Location.Line}:{earlier.Location.Column}) "
                    + $"differ only by case and would both be read from {variable}; spell them the same, or give them different names");
            }
        }
    }

    public bool TryGetSecret(string name, [NotNullWhen(true)] out string? value)
    {
        value = getVariable(VariableFor(name));
        if (!string.IsNullOrEmpty(value))
        {
            if (localPlaceholders && _announced.Add(name))
            {
                // The emulator keeps params as the service does, so a real password would sit in a local file.
                notices.WriteLine($"note: --local stores the value of {VariableFor(name)} in clear in .aep-provision/emulator.json "
                    + "(readable only by you); leave it unset there to use a generated placeholder");
            }
            return true;
        }
        if (!localPlaceholders)
        {
            value = null;
            return false;
        }
        if (_announced.Add(name))
        {
            notices.WriteLine($"note: {VariableFor(name)} is not set; --local uses a generated placeholder for secret '{name}'");
        }
        value = "local-placeholder-" + name;
        return true;
    }

    public string DescribeMissing(string name) => $"set the environment variable {VariableFor(name)}";
}
