namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Tests that compare latencies: xunit runs this collection after the others, with nothing beside it, so the
/// rest of the suite's load does not stand in for what the test measures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
