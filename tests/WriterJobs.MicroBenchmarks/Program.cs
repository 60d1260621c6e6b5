using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace WriterJobs.MicroBenchmarks;

/// <summary>
/// dotnet run -c Release --project tests/WriterJobs.MicroBenchmarks [-- --filter *Engine*]: BenchmarkDotNet in this
/// process (no generated project to restore), its usual arguments accepted.
/// </summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}
