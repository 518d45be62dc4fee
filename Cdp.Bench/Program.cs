using Cdp.Bench;
using Cdp.Bench.Suites;

// Runs the named benchmark suites and prints one JSON line per measurement (see README, "Benchmarks").
IBenchmarkSuite[] suites = [new SeedSuite(), new ImportSuite(), new ValuesSuite(), new SegmentsSuite(), new BuilderSuite(), new RenderSuite(), new LoadSuite(), new SoakSuite()];

if (args.Length == 0 || args.Contains("--help"))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Cdp.Bench -- <suite>... | all");
    foreach (var suite in suites) Console.Error.WriteLine($"  {suite.Name,-10} {suite.Description}");
    return args.Length == 0 ? 1 : 0;
}

var selected = args.Contains("all") ? suites : suites.Where(s => args.Contains(s.Name)).ToArray();
var unknown = args.Except(suites.Select(s => s.Name)).Except(["all"]).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown suite(s): {string.Join(", ", unknown)}; known: {string.Join(", ", suites.Select(s => s.Name))}");
    return 1;
}

using var output = new MeasurementWriter(Console.Out);
foreach (var suite in selected)
    await suite.RunAsync(output, CancellationToken.None);
return 0;
