using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Audit.Bench.Parsers -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point for BenchmarkDotNet's switcher.</summary>
public partial class Program;
