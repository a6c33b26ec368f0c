namespace ZeegWebex.WebexSimulator;

// Not top-level statements: the Api project references this one, and two generated Program
// classes would collide.
public static class SimulatorProgram
{
    public const string DefaultUrl = "http://127.0.0.1:5099";

    public static async Task Main(string[] args)
    {
        var url = ReadSetting(args, "urls") ?? Environment.GetEnvironmentVariable("WEBEXSIM_URLS") ?? DefaultUrl;
        await using var app = WebexSimulatorApp.Build(args, url);
        await app.StartAsync();
        Console.WriteLine($"Webex simulator listening on {string.Join(", ", app.Urls)} (API base {app.Urls.First().TrimEnd('/')}/v1/)");
        await app.WaitForShutdownAsync();
    }

    private static string? ReadSetting(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i].TrimStart('-');
            if (arg.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
            {
                return arg[(name.Length + 1)..];
            }
            if (arg.Equals(name, StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length)
            {
                return args[i + 1];
            }
        }
        return null;
    }
}
