using System.Diagnostics;
using System.Text.Json;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>The Webex simulator answers <c>/_sim</c> without a credential, so it must never ship: a Release build of the
/// Api (what `dotnet publish` makes) references no simulator and compiles no code that starts one. The test suite
/// builds Debug, so this asks MSBuild how the projects evaluate in Release (fast: no build).</summary>
public sealed class ReleaseBuildTests
{
    private const string SimulatorProject = "ZeegWebex.WebexSimulator.csproj";
    private const string SimulatorConstant = "EMBEDDED_WEBEX_SIMULATOR";

    [Fact]
    public async Task A_release_build_of_the_api_references_no_webex_simulator()
    {
        var closure = await ProjectClosureAsync(ApiProject, "Release");

        closure.Select(p => p.Path).Should().Contain(p => p.EndsWith("ZeegWebex.Infrastructure.csproj", StringComparison.Ordinal), "the evaluation follows references");
        closure.Select(p => Path.GetFileName(p.Path)).Should().NotContain(SimulatorProject);
        closure.Single(p => p.Path == ApiProject).DefineConstants.Should().NotContain(SimulatorConstant);
    }

    [Fact]
    public async Task A_debug_build_of_the_api_carries_the_simulator_for_dotnet_run_in_development()
    {
        var closure = await ProjectClosureAsync(ApiProject, "Debug");

        closure.Select(p => Path.GetFileName(p.Path)).Should().Contain(SimulatorProject);
        closure.Single(p => p.Path == ApiProject).DefineConstants.Should().Contain(SimulatorConstant);
    }

    private static string ApiProject => Path.Combine(RepositoryRoot(), "src", "Api", "ZeegWebex.Api.csproj");

    private sealed record EvaluatedProject(string Path, string DefineConstants);

    private static async Task<IReadOnlyList<EvaluatedProject>> ProjectClosureAsync(string project, string configuration)
    {
        var seen = new Dictionary<string, EvaluatedProject>(StringComparer.Ordinal);
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out var next))
        {
            if (seen.ContainsKey(next)) continue;
            var evaluation = await EvaluateAsync(next, configuration);
            seen[next] = new EvaluatedProject(next, evaluation.GetProperty("Properties").GetProperty("DefineConstants").GetString() ?? "");
            if (evaluation.GetProperty("Items").TryGetProperty("ProjectReference", out var references))
            {
                foreach (var reference in references.EnumerateArray())
                    pending.Enqueue(Path.GetFullPath(reference.GetProperty("FullPath").GetString()!));
            }
        }

        return [.. seen.Values];
    }

    private static async Task<JsonElement> EvaluateAsync(string project, string configuration)
    {
        var start = new ProcessStartInfo("dotnet",
            ["msbuild", project, "-nologo", "-nodeReuse:false", $"-p:Configuration={configuration}", "-getItem:ProjectReference", "-getProperty:DefineConstants"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet msbuild.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        process.ExitCode.Should().Be(0, await error + await output);
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ZeegWebex.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException("ZeegWebex.sln not found above the test output folder.");
    }
}
