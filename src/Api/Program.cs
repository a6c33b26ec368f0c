using ZeegWebex.Api.Hosting;
using ZeegWebex.Api.Security;

namespace ZeegWebex.Api;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // `dotnet run --project src/Api -- hash-operator-password [password]`: prints the value for
        // Operators:Users:<n>:PasswordHash. Without the argument the password is read from standard input, so it
        // stays out of the shell history.
        if (args is ["hash-operator-password", ..])
        {
            var password = args.Length > 1 ? args[1] : Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync("Usage: hash-operator-password <password>   (or the password on standard input)");
                return 2;
            }
            Console.WriteLine(OperatorPasswords.Hash(password));
            return 0;
        }

        await using var app = await ZeegWebexApp.BuildAsync(args);
        await app.RunAsync();
        return 0;
    }
}
