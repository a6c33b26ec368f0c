namespace ZeegWebex.Api;

public static class Program
{
    public static async Task Main(string[] args)
    {
        await using var app = await ZeegWebexApp.BuildAsync(args);
        await app.RunAsync();
    }
}
