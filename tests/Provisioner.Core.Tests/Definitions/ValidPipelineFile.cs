namespace Provisioner.Core.Tests.Definitions;

/// <summary>A valid definitions file with every pipeline section, and the secrets it references: what the pipeline
/// definition tests break one piece at a time, the flow spec catalog tests resolve and the schema test accepts.</summary>
internal static class ValidPipelineFile
{
    public const string Path = "infra/connections.yaml";

    public static readonly DictionarySecretSource Secrets = new(new Dictionary<string, string>
    {
        ["mixpanelPassword"] = "mixpanel-pw",
        ["s3Secret"] = "s3-secret",
    });

    /// <summary>Lines 1-11: base connections; 12-17 a source connection; 18-22 a target connection; 23-29 a dataflow.</summary>
    public const string Text = """
        connections:
          mixpanel:
            name: Mixpanel
            source: mixpanel
            auth:
              specName: Basic Authentication
              params: { host: https://data.mixpanel.com, username: reader, password: { secret: mixpanelPassword } }
          s3:
            name: S3
            source: amazon-s3
            auth: { specName: Access Key, params: { s3AccessKey: AKIAEXAMPLE, s3SecretKey: { secret: s3Secret } } }
        sourceConnections:
          events:
            name: Mixpanel events
            baseConnection: mixpanel
            data: { format: json }
            params: { projectId: "2384945", window: { days: 7 } }
        targetConnections:
          dataset:
            name: Events dataset
            data: { format: parquet_xdm, schema: { id: https://ns.adobe.com/acme/schemas/1, version: application/vnd.adobe.xed-full+json;version=1 } }
            params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }
        dataflows:
          flow:
            name: Events to dataset
            flowSpec: RestStorageToAEP
            source: events
            target: dataset
            schedule: { startTime: 1700000000, frequency: minute, interval: 15, backfill: true }

        """;
}
