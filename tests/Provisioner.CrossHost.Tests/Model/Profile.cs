using Provisioner.Core.Definitions;

namespace Provisioner.CrossHost.Tests.Model;

/// <summary>The JSON type of an auth param as its connection spec declares it (string, integer, boolean); secrets are
/// strings the service masks.</summary>
public enum ParamKind
{
    Text,
    Secret,
    WholeNumber,
    TrueOrFalse,
}

public sealed record ParamSpec(string Name, ParamKind Kind, bool Required);

/// <summary>
/// One auth spec of one source, with the params the model may set (names, types and which are required as in the
/// embedded catalog, src/Provisioner.Emulator/Catalog/connection-specs.yaml). Moving a connection between profiles
/// of different sources changes its spec; between profiles of one source, its auth type — both replace it.
/// </summary>
public sealed record Profile(string Alias, string AuthSpecName, IReadOnlyList<ParamSpec> Params)
{
    public static readonly Profile MixpanelBasic = new("mixpanel", "Basic Authentication",
        [new("host", ParamKind.Text, true), new("username", ParamKind.Text, true), new("password", ParamKind.Secret, true)]);

    public static readonly Profile SftpBasic = new("sftp", "Basic Authentication for sftp",
        [new("host", ParamKind.Text, true), new("port", ParamKind.WholeNumber, false), new("userName", ParamKind.Text, true),
         new("password", ParamKind.Secret, true), new("maxConcurrentConnections", ParamKind.WholeNumber, false), new("folderPath", ParamKind.Text, false)]);

    public static readonly Profile SftpPublicKey = new("sftp", "SSH PublicKey Authentication for sftp",
        [new("host", ParamKind.Text, true), new("port", ParamKind.WholeNumber, false), new("userName", ParamKind.Text, true),
         new("privateKeyContent", ParamKind.Secret, true), new("folderPath", ParamKind.Text, false)]);

    public static readonly Profile SalesforceClientCredentials = new("salesforce", "OAuth2 Client Credential",
        [new("environmentUrl", ParamKind.Text, true), new("clientId", ParamKind.Text, true), new("clientSecret", ParamKind.Secret, true),
         new("apiVersion", ParamKind.Text, true), new("includeDeletedObjects", ParamKind.TrueOrFalse, false)]);

    public static readonly IReadOnlyList<Profile> All = [MixpanelBasic, SftpBasic, SftpPublicKey, SalesforceClientCredentials];

    /// <summary>The connection spec id, from the catalog the hosts themselves use.</summary>
    public string SpecId => SourceCatalog.Aliases[Alias];

    public ParamKind KindOf(string param) => Params.Single(p => p.Name == param).Kind;

    public override string ToString() => $"{Alias}/{AuthSpecName}";
}
