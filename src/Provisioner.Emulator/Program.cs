using Provisioner.Emulator;

// dotnet run --project src/Provisioner.Emulator -- --urls http://127.0.0.1:5080 [--data-file PATH]
var options = new EmulatorOptions { Urls = "http://127.0.0.1:5080" };
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--urls": options.Urls = Value(); break;
            case "--data-file": options.DataFile = Value(); break;
            case "--client-id": options.ClientId = Value(); break;
            case "--org-id": options.OrgId = Value(); break;
            case "-h" or "--help":
                Console.WriteLine("Provisioner.Emulator: a local Adobe Flow Service + IMS emulator.");
                Console.WriteLine("  --urls URL          loopback URL to listen on (default http://127.0.0.1:5080; port 0 = any free port)");
                Console.WriteLine("  --data-file PATH    persist connections to PATH (atomic writes); default: in memory");
                Console.WriteLine("  --client-id ID      the accepted client id (default emulator-client-id)");
                Console.WriteLine("  --org-id ORG        the served IMS org (default EMULATOR00000000000000000@AdobeOrg)");
                Console.WriteLine("  Client secret: env EMULATOR_CLIENT_SECRET (default emulator-client-secret); never on the command line.");
                return 0;
            default:
                Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --help.");
                return 2;
        }
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

if (Environment.GetEnvironmentVariable("EMULATOR_CLIENT_SECRET") is { Length: > 0 } secret) options.ClientSecret = secret;

WebApplication app;
try
{
    app = EmulatorApp.Build(options, consoleLogging: true);
}
catch (Exception ex) when (ex is EmulatorDataFileException or ArgumentException)
{
    Console.Error.WriteLine($"Emulator cannot start: {ex.Message}");
    return 1;
}

await app.RunAsync();
return 0;
