// pulumi-resource-aep: started by the Pulumi engine. The only thing ever written to stdout is the port line.
var launch = LaunchArguments.Parse(args);
await using var host = await PluginHost.StartAsync(launch, clientFactory: null, Environment.GetEnvironmentVariable);
Console.Out.Write(host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
Console.Out.Flush();
await host.WaitForShutdownAsync();
