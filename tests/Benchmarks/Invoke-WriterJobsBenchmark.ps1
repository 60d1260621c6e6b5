<#
.SYNOPSIS
    Benchmarks the WriterJobs cmdlets through PowerShell, side by side with what a PowerShell user would write instead,
    against local emulators, and prints a table of ratios with a Met column.
.DESCRIPTION
    Each scenario starts its own emulator (tools/WriterJobs.Build.psm1, Start-WriterEmulator) with the settings it
    needs, imports the built module (build.ps1 -Task Build first) and times, with a Stopwatch, in this one process:

      Latency         10,000 reads at 50 ms latency, 32 in flight: Get-WriterJob against the latency bound
                      N x 50 ms / 32 (target: at least 0.97 of it); ForEach-Object -Parallel { Invoke-RestMethod } at
                      -ThrottleLimit 32 on the same IDs; a plain foreach Invoke-RestMethod loop on 100 IDs only (10,000
                      would take 500 s), against its own bound N x 50 ms.
      ZeroLatency     10,000 reads, no latency, 16 in flight: Get-WriterJob's rate against ForEach-Object -Parallel's
                      at -ThrottleLimit 16 (target: at least 10x), and the plain loop's for reference.
      Quota           3,000 reads against an emulator that allows 100 requests a second (then 429 with Retry-After);
                      the connection set to the same rate (-RequestsPerMinute 6000), 32 in flight: time against the
                      quota bound N / 100 s (target: within 1.02x) and the share of 429s (target: at most 0.5 %). The
                      hand-written sides use Invoke-RestMethod -MaximumRetryCount 10 -RetryIntervalSec 1, which is
                      what it takes for them to finish at all.
      Memory          100,000 IDs piped one by one (generated lazily, so no input array is counted) into
                      Get-WriterJob | Out-Null at zero latency: the peak growth of the managed heap over a collected
                      start (target: under 20 MB), with the working set and the heap left after each collection; the
                      same with 10,000 IDs for reference, to show whether the growth follows N.
      Retry           3,000 failed jobs given by ID, no latency, 16 in flight: Invoke-WriterJobRetry (a read, then the
                      retry) against ForEach-Object -Parallel and a loop that do the same with two Invoke-RestMethod
                      calls, each side on jobs of its own; jobs a second, for reference (no target).
      History         3,000 failed jobs given by ID, no latency, 16 in flight: Invoke-WriterJobRetry with -HistoryPath
                      (a new history, one of 100 old jobs, one of 100,000) against the same run without a history,
                      each side on jobs of its own (target: each at most 1.3x the run without).
      MinimumRequests the used-by line, Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry,
                      and Get-WriterJob -ApplicationId app-2 -Status failed | Invoke-WriterJobRetry: requests counted by
                      the emulator against the minimum (N reads + F retries; pages + F retries).

    Before anything is timed, a warm-up emulator runs every side a few hundred times (JIT), and each scenario warms
    its own connection (the connection pool) and then waits for the rate buckets to refill. Requests and 429s are
    counted by the emulator (GET /_emulator/requests), before and after each side.

    Every time is one run on whatever machine this is: record figures only from a quiet machine. -Quick shrinks every
    count so the whole script takes well under a minute; its figures prove nothing beyond "every row is produced".

    The exit code is 0 when every target is met, 1 when one is missed, 2 when the benchmark itself failed.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Benchmarks/Invoke-WriterJobsBenchmark.ps1 -MarkdownPath out/benchmark/results.md
.EXAMPLE
    dotnet pwsh -NoProfile -Command ./tests/Benchmarks/Invoke-WriterJobsBenchmark.ps1 -Scenario Latency, Quota -Quick
#>
[CmdletBinding()]
param(
    # The scenarios to run, in this order; all of them by default. Checked below, after a comma list is split.
    [ArgumentCompletions('Latency', 'ZeroLatency', 'Quota', 'Memory', 'Retry', 'History', 'MinimumRequests')]
    [string[]] $Scenario = @('Latency', 'ZeroLatency', 'Quota', 'Memory', 'Retry', 'History', 'MinimumRequests'),

    # Smoke-run sizes: every row, in seconds, with figures that mean nothing.
    [switch] $Quick,

    # Writes the table, with the machine and the time of the run, as markdown to this file.
    [string] $MarkdownPath,

    # Writes the rows as JSON to this file.
    [string] $JsonPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# Progress would cost every side time, and differently.
$ProgressPreference = 'SilentlyContinue'

# With -Command, a comma list of scenarios arrives as an array; with -File, as one string.
$Scenario = @($Scenario -split ',' | ForEach-Object Trim | Where-Object { $_ })
$knownScenarios = 'Latency', 'ZeroLatency', 'Quota', 'Memory', 'Retry', 'History', 'MinimumRequests'
$unknown = @($Scenario | Where-Object { $_ -notin $knownScenarios })
if ($unknown -or -not $Scenario) {
    Write-Host "Unknown scenario '$($unknown -join "', '")'. The scenarios are: $($knownScenarios -join ', ')." -ForegroundColor Red
    exit 2
}

$size = if ($Quick) {
    @{
        Latency = 320; LatencyParallel = 160; LatencyLoop = 10
        Zero = 1000; ZeroParallel = 300; ZeroLoop = 300
        Quota = 300; QuotaParallel = 300; QuotaLoop = 50
        Memory = 5000; MemoryReference = 1000
        MinimumJobs = 200
        Retry = 200
        History = 200; HistoryOld = 100, 10000
        WarmUp = 100
    }
}
else {
    @{
        Latency = 10000; LatencyParallel = 10000; LatencyLoop = 100
        Zero = 10000; ZeroParallel = 10000; ZeroLoop = 10000
        Quota = 3000; QuotaParallel = 3000; QuotaLoop = 1000
        Memory = 100000; MemoryReference = 10000
        MinimumJobs = 2000
        Retry = 3000
        History = 10000; HistoryOld = 100, 100000
        WarmUp = 500
    }
}

$latencyMs = 50
$quotaPerSecond = 100
# Connect-Writer's highest rate (10,000,000 a minute): far above what the emulator can serve, so at zero latency the
# client's own limiter is never what is measured.
$fastestRequestsPerMinute = 10000000
$sides = @{
    Cmdlet   = 'Get-WriterJob'
    Parallel = 'ForEach-Object -Parallel { Invoke-RestMethod }'
    Loop     = 'foreach { Invoke-RestMethod }'
}

Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'WriterJobs.TestHelpers.psm1') -Force
Import-BuiltModule

# A sampler on a timer thread, so the pipeline under test is never interrupted by PowerShell code.
if (-not ('WriterJobsBenchmark.MemorySampler' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Threading;

namespace WriterJobsBenchmark
{
    public sealed class MemorySampler : IDisposable
    {
        private readonly Timer timer;
        private readonly long gcIndexAtStart;
        private readonly int gen0AtStart;
        private readonly int gen2AtStart;
        private long heapPeak;
        private long workingSetPeak;
        private long afterCollectionPeak;
        private long gen0BeforeCollectionPeak;

        public MemorySampler(int periodMilliseconds)
        {
            // Aggressive: the GC also gives back the memory it keeps for later, so the working set starts low too.
            GC.Collect(2, GCCollectionMode.Aggressive, true, true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Aggressive, true, true);
            HeapAtStart = GC.GetTotalMemory(false);
            WorkingSetAtStart = Environment.WorkingSet;
            var info = GC.GetGCMemoryInfo();
            gcIndexAtStart = info.Index;
            HeapAfterCollectionAtStart = info.HeapSizeBytes;
            gen0AtStart = GC.CollectionCount(0);
            gen2AtStart = GC.CollectionCount(2);
            heapPeak = HeapAtStart;
            workingSetPeak = WorkingSetAtStart;
            afterCollectionPeak = HeapAfterCollectionAtStart;
            timer = new Timer(_ => Sample(), null, 0, periodMilliseconds);
        }

        public long HeapAtStart { get; private set; }
        public long WorkingSetAtStart { get; private set; }
        public long HeapAfterCollectionAtStart { get; private set; }
        public long HeapLeft { get; private set; }
        public int Gen0Collections { get; private set; }
        public int Gen2Collections { get; private set; }

        // Everything on the managed heap at the peak, garbage not yet collected included.
        public long HeapGrowth { get { return Interlocked.Read(ref heapPeak) - HeapAtStart; } }
        public long WorkingSetGrowth { get { return Interlocked.Read(ref workingSetPeak) - WorkingSetAtStart; } }
        // The largest heap any collection during the run left behind: what survived (live objects, and dead ones in
        // generations not collected that time), over the start.
        public long AfterCollectionGrowth { get { return Interlocked.Read(ref afterCollectionPeak) - HeapAfterCollectionAtStart; } }

        // What the run kept: the largest heap a collection left behind; when no collection ran at all, the whole heap
        // at its peak, garbage included, which bounds it.
        public long RetainedGrowth { get { return Gen0Collections > 0 ? AfterCollectionGrowth : HeapGrowth; } }

        // How large generation 0 grew before a collection emptied it: the allocation budget the GC chose.
        public long Gen0BeforeCollection { get { return Interlocked.Read(ref gen0BeforeCollectionPeak); } }

        public void Sample()
        {
            Raise(ref heapPeak, GC.GetTotalMemory(false));
            Raise(ref workingSetPeak, Environment.WorkingSet);
            var info = GC.GetGCMemoryInfo();
            if (info.Index > gcIndexAtStart)
            {
                Raise(ref afterCollectionPeak, info.HeapSizeBytes);
                Raise(ref gen0BeforeCollectionPeak, info.GenerationInfo[0].SizeBeforeBytes);
            }
        }

        public void Stop()
        {
            timer.Dispose();
            Sample();
            Gen0Collections = GC.CollectionCount(0) - gen0AtStart;
            Gen2Collections = GC.CollectionCount(2) - gen2AtStart;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            HeapLeft = GC.GetTotalMemory(true) - HeapAtStart;
        }

        public void Dispose()
        {
            timer.Dispose();
        }

        private static void Raise(ref long peak, long value)
        {
            for (var seen = Interlocked.Read(ref peak); value > seen; seen = Interlocked.Read(ref peak))
            {
                Interlocked.CompareExchange(ref peak, value, seen);
            }
        }
    }
}
'@
}

$rows = [Collections.Generic.List[object]]::new()

function Add-Row {
    param(
        [string] $Name, [string] $Side, [int] $Count, [int] $InFlight, $Measured,
        [double] $Value, [string] $Result, [string] $Target = '-', [AllowNull()] $Met = $null, [string] $Note = ''
    )
    $metText = if ($null -eq $Met) { '-' } elseif ($Met) { 'yes' } else { 'no' }
    $row = [pscustomobject]@{
        Scenario          = $Name
        Side              = $Side
        N                 = $Count
        InFlight          = $InFlight
        Seconds           = [Math]::Round($Measured.Seconds, 3)
        RequestsPerSecond = [Math]::Round($Measured.Requests / [Math]::Max($Measured.Seconds, 1e-9), 1)
        Requests          = $Measured.Requests
        TooManyRequests   = $Measured.TooManyRequests
        Errors            = $Measured.Errors
        Value             = [Math]::Round($Value, 4)
        Result            = $Result
        Target            = $Target
        Met               = $metText
        Note              = (@($Note, $Measured.FirstError) | Where-Object { $_ }) -join '; '
    }
    $rows.Add($row)
    Write-Host ("  {0} | {1} | N {2} | {3:0.00} s | {4:N0} req/s | {5} | {6}" -f $row.Scenario, $row.Side, $row.N, $row.Seconds, $row.RequestsPerSecond, $row.Result, $row.Met)
    $row
}

# Runs one side, the action with the arguments, with a Stopwatch; the emulator counts its requests and 429s. Errors are
# counted, not thrown, so a side that fails shows it in its row instead of ending the run.
function Measure-Side {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [scriptblock] $Action, [object[]] $ArgumentList = @())
    $ErrorActionPreference = 'Continue'
    $errors = 0
    $firstError = ''
    $before = Get-EmulatorRequestCount $Emulator
    $stopwatch = [Diagnostics.Stopwatch]::StartNew()
    & $Action @ArgumentList 2>&1 | ForEach-Object {
        if ($_ -is [Management.Automation.ErrorRecord]) {
            $errors++
            if (-not $firstError) { $firstError = "first error: $_" }
        }
    }
    $stopwatch.Stop()
    $after = Get-EmulatorRequestCount $Emulator
    [pscustomobject]@{
        Seconds          = $stopwatch.Elapsed.TotalSeconds
        Requests         = $after.total - $before.total
        TooManyRequests  = $after.tooManyRequests - $before.tooManyRequests
        GetJob           = $after.getJob - $before.getJob
        RetryJob         = $after.retryJob - $before.retryJob
        ListJobs         = $after.listJobs - $before.listJobs
        ListApplications = $after.listApplications - $before.listApplications
        Errors           = $errors
        FirstError       = $firstError
    }
}

# The IDs one after another, cycling over the pool, made as they are asked for: no array of N is ever built.
function Get-CycledId {
    param([Parameter(Mandatory)] [object[]] $Pool, [Parameter(Mandatory)] [int] $Count)
    for ($i = 0; $i -lt $Count; $i++) { $Pool[$i % $Pool.Length] }
}

function Get-JobUri {
    param([Parameter(Mandatory)] $Emulator)
    "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications/jobs"
}

function Get-AuthorizationHeader {
    param([Parameter(Mandatory)] $Emulator)
    @{ Authorization = "Bearer $($Emulator.ApiKey)" }
}

# The three sides on the same IDs, as a PowerShell user would write each. The hand-written sides pass no -WebSession,
# as most scripts do not; RetryCount adds -MaximumRetryCount and -RetryIntervalSec 1 (the quota needs them).
function Invoke-CmdletSide {
    param($Emulator, [object[]] $Ids, [int] $ThrottleLimit)
    Measure-Side $Emulator {
        param($ids, $throttleLimit)
        $ids | Get-WriterJob -ThrottleLimit $throttleLimit | Out-Null
    } $Ids, $ThrottleLimit
}

function Invoke-ParallelSide {
    param($Emulator, [object[]] $Ids, [int] $ThrottleLimit, [int] $RetryCount = 0)
    $uri = Get-JobUri $Emulator
    $headers = Get-AuthorizationHeader $Emulator
    Measure-Side $Emulator {
        param($ids, $throttleLimit, $uri, $headers, $retryCount)
        $ids | ForEach-Object -Parallel {
            Invoke-RestMethod -Uri "$using:uri/$_" -Headers $using:headers -MaximumRetryCount $using:retryCount -RetryIntervalSec 1
        } -ThrottleLimit $throttleLimit | Out-Null
    } $Ids, $ThrottleLimit, $uri, $headers, $RetryCount
}

function Invoke-LoopSide {
    param($Emulator, [object[]] $Ids, [int] $RetryCount = 0)
    $uri = Get-JobUri $Emulator
    $headers = Get-AuthorizationHeader $Emulator
    Measure-Side $Emulator {
        param($ids, $uri, $headers, $retryCount)
        foreach ($id in $ids) {
            $null = Invoke-RestMethod -Uri "$uri/$id" -Headers $headers -MaximumRetryCount $retryCount -RetryIntervalSec 1
        }
    } $Ids, $uri, $headers, $RetryCount
}

# Opens the connection's pool at the scenario's throttle, then lets the client's and the emulator's buckets refill so
# that every measured side starts from the same full buckets, as a command in a fresh second of a session would.
function Initialize-Connection {
    param($Emulator, [object[]] $Pool, [int] $ThrottleLimit, [double] $RequestsPerMinute, [switch] $WithRestMethod)
    Connect-WriterEmulator $Emulator -RequestsPerMinute $RequestsPerMinute
    $warm = @(
        Invoke-CmdletSide $Emulator @(Get-CycledId $Pool ([Math]::Min(2 * $ThrottleLimit, 64))) $ThrottleLimit
        if ($WithRestMethod) { Invoke-ParallelSide $Emulator @(Get-CycledId $Pool 4) 4 -RetryCount 10 }
    )
    $failed = @($warm | Where-Object Errors)
    if ($failed) { throw "The warm-up against $($Emulator.BaseUri) failed: $($failed[0].FirstError)" }
    Start-Sleep -Milliseconds 1500
}

# Runs the scenario's script block, then disconnects and stops the scenario's emulator, whatever happened.
function Invoke-OnEmulator {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [scriptblock] $Scenario)
    try {
        & $Scenario
    }
    finally {
        Disconnect-Writer
        Stop-WriterEmulator $Emulator
    }
}

function Start-ScenarioEmulator {
    [CmdletBinding()]
    param([int] $Jobs = 1000, [double] $Failed = 0.25, [string[]] $ApplicationIds = @('app-1'), [string[]] $ExtraArgument = @())
    Start-WriterEmulator -Jobs $Jobs -Failed $Failed -CompletionMs 600000 -ApiKey 'bench-key' -ApplicationIds $ApplicationIds -ExtraArgument $ExtraArgument
}

# JIT for every side, on an emulator of its own, before anything is timed.
function Invoke-WarmUp {
    $emulator = Start-ScenarioEmulator
    Invoke-OnEmulator $emulator {
        $pool = @(Get-EmulatorJobId $emulator)
        Connect-WriterEmulator $emulator -RequestsPerMinute $fastestRequestsPerMinute
        $ids = @(Get-CycledId $pool $size.WarmUp)
        $sidesRun = @(
            Invoke-CmdletSide $emulator $ids 16
            Invoke-ParallelSide $emulator @($ids | Select-Object -First ($size.WarmUp / 5)) 16
            Invoke-LoopSide $emulator @($ids | Select-Object -First ($size.WarmUp / 5))
            Measure-Side $emulator { param($ids) $ids | Get-WriterJob | Where-Object Status -eq failed | Invoke-WriterJobRetry | Out-Null } (, @(Get-CycledId $pool 50))
            Measure-Side $emulator { Get-WriterJob -ApplicationId app-1 -Status failed | Invoke-WriterJobRetry | Out-Null }
        )
        $failures = @($sidesRun | Where-Object Errors)
        if ($failures) { throw "The warm-up failed: $($failures[0].FirstError)" }
    }
}

function Invoke-LatencyScenario {
    $name = "Latency $latencyMs ms"
    $emulator = Start-ScenarioEmulator -ExtraArgument @('--latency-ms', $latencyMs)
    Invoke-OnEmulator $emulator {
        $pool = @(Get-EmulatorJobId $emulator)
        Initialize-Connection $emulator $pool 32 $fastestRequestsPerMinute -WithRestMethod

        $ids = @(Get-CycledId $pool $size.Latency)
        $cmdlet = Invoke-CmdletSide $emulator $ids 32
        $bound = $size.Latency * $latencyMs / 1000 / 32
        $ratio = $bound / $cmdlet.Seconds
        Add-Row $name $sides.Cmdlet $size.Latency 32 $cmdlet $ratio ('{0:P1} of bound {1:0.00} s' -f $ratio, $bound) '>= 97 % of bound' ($ratio -ge 0.97 -and -not $cmdlet.Errors)

        $ids = @(Get-CycledId $pool $size.LatencyParallel)
        $parallel = Invoke-ParallelSide $emulator $ids 32
        $bound = $size.LatencyParallel * $latencyMs / 1000 / 32
        $ratio = $bound / $parallel.Seconds
        Add-Row $name $sides.Parallel $size.LatencyParallel 32 $parallel $ratio ('{0:P1} of bound {1:0.00} s' -f $ratio, $bound)

        # One request at a time: 10,000 would take 500 s, so a few, against their own bound N x latency.
        $ids = @(Get-CycledId $pool $size.LatencyLoop)
        $loop = Invoke-LoopSide $emulator $ids
        $bound = $size.LatencyLoop * $latencyMs / 1000
        $ratio = $bound / $loop.Seconds
        Add-Row $name $sides.Loop $size.LatencyLoop 1 $loop $ratio ('{0:P1} of bound {1:0.00} s (N x latency, one at a time)' -f $ratio, $bound) -Note "$($size.LatencyLoop) IDs only: $($size.Latency) would take $($size.Latency * $latencyMs / 1000) s"
    }
}

function Invoke-ZeroLatencyScenario {
    $name = 'Zero latency'
    $emulator = Start-ScenarioEmulator
    Invoke-OnEmulator $emulator {
        $pool = @(Get-EmulatorJobId $emulator)
        Initialize-Connection $emulator $pool 16 $fastestRequestsPerMinute -WithRestMethod

        $cmdlet = Invoke-CmdletSide $emulator @(Get-CycledId $pool $size.Zero) 16
        $parallel = Invoke-ParallelSide $emulator @(Get-CycledId $pool $size.ZeroParallel) 16
        $loop = Invoke-LoopSide $emulator @(Get-CycledId $pool $size.ZeroLoop)

        $cmdletRate = $cmdlet.Requests / $cmdlet.Seconds
        $parallelRate = $parallel.Requests / $parallel.Seconds
        $loopRate = $loop.Requests / $loop.Seconds
        $ratio = $cmdletRate / $parallelRate
        Add-Row $name $sides.Cmdlet $size.Zero 16 $cmdlet $ratio ('{0:0.0}x ForEach-Object -Parallel, {1:0.0}x the loop' -f $ratio, ($cmdletRate / $loopRate)) '>= 10x -Parallel' ($ratio -ge 10 -and -not $cmdlet.Errors)
        Add-Row $name $sides.Parallel $size.ZeroParallel 16 $parallel 1 '1.0x (the reference)'
        Add-Row $name $sides.Loop $size.ZeroLoop 1 $loop ($loopRate / $parallelRate) ('{0:0.0}x ForEach-Object -Parallel' -f ($loopRate / $parallelRate))
    }
}

function Invoke-QuotaScenario {
    $name = "Quota $quotaPerSecond/s"
    $emulator = Start-ScenarioEmulator -ExtraArgument @('--quota-rps', $quotaPerSecond)
    Invoke-OnEmulator $emulator {
        $pool = @(Get-EmulatorJobId $emulator)
        # The emulator's bucket holds one second of requests: let it refill after the listing above.
        Initialize-Connection $emulator $pool 32 ($quotaPerSecond * 60) -WithRestMethod

        $sideRuns = @(
            @{ Side = $sides.Cmdlet; N = $size.Quota; InFlight = 32; Target = $true; Run = { param($ids) Invoke-CmdletSide $emulator $ids 32 } }
            @{ Side = $sides.Parallel; N = $size.QuotaParallel; InFlight = 32; Target = $false; Run = { param($ids) Invoke-ParallelSide $emulator $ids 32 -RetryCount 10 } }
            @{ Side = $sides.Loop; N = $size.QuotaLoop; InFlight = 1; Target = $false; Run = { param($ids) Invoke-LoopSide $emulator $ids -RetryCount 10 } }
        )
        foreach ($sideRun in $sideRuns) {
            # Both buckets full again before each side.
            Start-Sleep -Milliseconds 1500
            $measured = & $sideRun.Run @(Get-CycledId $pool $sideRun.N)
            $bound = $sideRun.N / $quotaPerSecond
            $ratio = $measured.Seconds / $bound
            $share = $measured.TooManyRequests / [Math]::Max(1, $measured.Requests)
            $result = '{0:0.000}x bound {1:0.0} s; {2} x 429 ({3:P2} of requests)' -f $ratio, $bound, $measured.TooManyRequests, $share
            if ($sideRun.Target) {
                Add-Row $name $sideRun.Side $sideRun.N $sideRun.InFlight $measured $ratio $result '<= 1.02x bound, <= 0.5 % 429' ($ratio -le 1.02 -and $share -le 0.005 -and -not $measured.Errors) -Note "Connect-Writer -RequestsPerMinute $($quotaPerSecond * 60)"
            }
            else {
                Add-Row $name $sideRun.Side $sideRun.N $sideRun.InFlight $measured $ratio $result -Note 'Invoke-RestMethod -MaximumRetryCount 10 -RetryIntervalSec 1'
            }
        }
    }
}

function Invoke-MemoryScenario {
    $emulator = Start-ScenarioEmulator
    Invoke-OnEmulator $emulator {
        $pool = @(Get-EmulatorJobId $emulator)
        Initialize-Connection $emulator $pool 16 $fastestRequestsPerMinute
        $runs = @(
            @{ Name = "Memory, $($size.MemoryReference) piped IDs"; Side = $sides.Cmdlet; Count = $size.MemoryReference; Target = $false; Note = 'reference: a tenth of the IDs'; Run = { param($pool, $count) Get-CycledId $pool $count | Get-WriterJob | Out-Null } }
            @{ Name = "Memory, $($size.Memory) piped IDs"; Side = $sides.Cmdlet; Count = $size.Memory; Target = $true; Note = ''; Run = { param($pool, $count) Get-CycledId $pool $count | Get-WriterJob | Out-Null } }
            # No module and no request: what PowerShell's own pipeline costs the same IDs, so the GC's share shows.
            @{ Name = "Memory, $($size.Memory) piped IDs"; Side = 'ForEach-Object { [pscustomobject] } (no request, control)'; Count = $size.Memory; Target = $false; Note = 'control: no module, no request'; Run = { param($pool, $count) Get-CycledId $pool $count | ForEach-Object { [pscustomobject]@{ Id = $_; Status = 'completed' } } | Out-Null } }
        )
        foreach ($run in $runs) {
            Start-Sleep -Milliseconds 1500
            $sampler = [WriterJobsBenchmark.MemorySampler]::new(10)
            try {
                # Piped one by one, from a generator: one ProcessRecord an ID, and no array of the IDs on the heap.
                $measured = Measure-Side $emulator $run.Run $pool, $run.Count
                $sampler.Stop()
            }
            finally { $sampler.Dispose() }
            $keptMb = $sampler.RetainedGrowth / 1MB
            $kept = if ($sampler.Gen0Collections) { 'kept +{0:0.0} MB (largest heap a collection left)' -f $keptMb } else { 'kept at most +{0:0.0} MB (no collection ran: the peak heap bounds it)' -f $keptMb }
            $result = '{0}; peak heap +{1:0.0} MB garbage included; working set +{2:0.0} MB; gen0 grew to {3:0.0} MB before a collection; {4:+0.0;-0.0} MB left after the run; {5} gen0, {6} gen2 collections' -f $kept, ($sampler.HeapGrowth / 1MB), ($sampler.WorkingSetGrowth / 1MB), ($sampler.Gen0BeforeCollection / 1MB), ($sampler.HeapLeft / 1MB), $sampler.Gen0Collections, $sampler.Gen2Collections
            if ($run.Target) {
                Add-Row $run.Name $run.Side $run.Count 16 $measured $keptMb $result '< 20 MB kept' ($keptMb -lt 20 -and -not $measured.Errors)
            }
            else {
                Add-Row $run.Name $run.Side $run.Count $(if ($measured.Requests) { 16 } else { 1 }) $measured $keptMb $result -Note $run.Note
            }
        }
    }
}

# Retrying failed jobs given by ID, with no latency and 16 in flight: the cmdlet reads each job, then retries it if it is
# failed; the hand-written sides do the same with two Invoke-RestMethod calls. Every job is failed, and each side has
# jobs of its own, since a retried job is no longer failed.
function Invoke-RetryScenario {
    $name = 'Retry, zero latency'
    $emulator = Start-ScenarioEmulator -Jobs (3 * $size.Retry) -Failed 1
    Invoke-OnEmulator $emulator {
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        Connect-WriterEmulator $emulator -RequestsPerMinute $fastestRequestsPerMinute
        Start-Sleep -Milliseconds 1500
        $uri = Get-JobUri $emulator
        $headers = Get-AuthorizationHeader $emulator

        $cmdlet = Measure-Side $emulator {
            param($ids)
            $ids | Invoke-WriterJobRetry -ThrottleLimit 16 | Out-Null
        } (, @($failed[0..($size.Retry - 1)]))
        $parallel = Measure-Side $emulator {
            param($ids, $uri, $headers)
            $ids | ForEach-Object -Parallel {
                $job = Invoke-RestMethod -Uri "$using:uri/$_" -Headers $using:headers
                if ($job.status -eq 'failed') { Invoke-RestMethod -Method Post -Uri "$using:uri/$_/retry" -Headers $using:headers }
            } -ThrottleLimit 16 | Out-Null
        } @($failed[$size.Retry..(2 * $size.Retry - 1)]), $uri, $headers
        $loop = Measure-Side $emulator {
            param($ids, $uri, $headers)
            foreach ($id in $ids) {
                $job = Invoke-RestMethod -Uri "$uri/$id" -Headers $headers
                if ($job.status -eq 'failed') { $null = Invoke-RestMethod -Method Post -Uri "$uri/$id/retry" -Headers $headers }
            }
        } @($failed[(2 * $size.Retry)..(3 * $size.Retry - 1)]), $uri, $headers

        $cmdletRate = $size.Retry / $cmdlet.Seconds
        $parallelRate = $size.Retry / $parallel.Seconds
        $loopRate = $size.Retry / $loop.Seconds
        $ratio = $cmdletRate / $parallelRate
        $sent = { param($side) '{0} reads and {1} retries' -f $side.GetJob, $side.RetryJob }
        Add-Row $name 'Invoke-WriterJobRetry' $size.Retry 16 $cmdlet $ratio ('{0:0.0}x ForEach-Object -Parallel, {1:0.0}x the loop; {2}' -f $ratio, ($cmdletRate / $loopRate), (& $sent $cmdlet))
        Add-Row $name 'ForEach-Object -Parallel { Invoke-RestMethod; Invoke-RestMethod -Method Post }' $size.Retry 16 $parallel 1 ('1.0x (the reference); {0}' -f (& $sent $parallel))
        Add-Row $name 'foreach { Invoke-RestMethod; Invoke-RestMethod -Method Post }' $size.Retry 1 $loop ($loopRate / $parallelRate) ('{0:0.0}x ForEach-Object -Parallel; {1}' -f ($loopRate / $parallelRate), (& $sent $loop))
    }
}

# A history file as a long-running schedule leaves it: the documented format, compacted a moment ago, with this many
# jobs retried a day ago (within the 30-day retention, so the run keeps them all); written before the timing.
function New-OldHistory {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Jobs)
    $dayAgo = [DateTimeOffset]::UtcNow.AddDays(-1).ToString('o')
    $text = [Text.StringBuilder]::new('{"format":"WriterJobs.RetryHistory/2","generation":1,"compactedAt":"' + [DateTimeOffset]::UtcNow.ToString('o') + '","jobs":{')
    for ($i = 0; $i -lt $Jobs; $i++) {
        $null = $text.Append($(if ($i) { ',' })).Append('"').Append([guid]::NewGuid()).Append('":{"retries":1,"lastRetryAt":"').Append($dayAgo).Append('"}')
    }
    [IO.File]::WriteAllText($Path, $text.Append('}}').ToString())
}

# Invoke-WriterJobRetry with a retry history against the same run without one: each retry is claimed durably before
# its POST (group commit: the claims of the 16 workers share an fsync), at the same cost whatever the history's size.
# Runs without a history stand between the runs with one (none, new, none, 100 old, none, 100,000 old, none), and each
# run with a history is compared with the mean of its two neighbours: the process speeds up over the scenario (the
# JIT's tiers, the GC's budgets), and a reference taken far away would charge that drift to whichever side ran first.
# Untimed runs with and without a history first bring both paths to their steady state.
function Invoke-HistoryScenario {
    $name = 'Retry history, zero latency'
    $count = $size.History
    $warmUp = 500
    $withHistory = 1 + $size.HistoryOld.Count
    $emulator = Start-ScenarioEmulator -Jobs ((2 * $withHistory + 1) * $count + 2 * $warmUp) -Failed 1
    Invoke-OnEmulator $emulator {
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $folder = Join-Path ([IO.Path]::GetTempPath()) "writerjobs-history-bench-$PID"
        $null = New-Item -ItemType Directory -Path $folder -Force
        try {
            Connect-WriterEmulator $emulator -RequestsPerMinute $fastestRequestsPerMinute
            $null = $failed[0..($warmUp - 1)] | Invoke-WriterJobRetry -ThrottleLimit 16 -HistoryPath (Join-Path $folder 'warm-up.json') -MinRetryInterval 0
            $null = $failed[$warmUp..(2 * $warmUp - 1)] | Invoke-WriterJobRetry -ThrottleLimit 16
            $failed = @($failed | Select-Object -Skip (2 * $warmUp))
            $histories = @(@{ Side = 'new history'; Path = (Join-Path $folder 'new.json') })
            foreach ($old in $size.HistoryOld) {
                $path = Join-Path $folder "old-$old.json"
                New-OldHistory -Path $path -Jobs $old
                $histories += @{ Side = "history of $($old.ToString('N0')) old jobs"; Path = $path }
            }

            # None, a history, none, the next history, ..., none: each run on a slice of its own of the failed jobs.
            $plan = @($null) + @($histories | ForEach-Object { $_.Path; $null })
            $runs = for ($i = 0; $i -lt $plan.Count; $i++) {
                Start-Sleep -Milliseconds 1500
                Measure-Side $emulator {
                    param($ids, $path)
                    if ($path) { $ids | Invoke-WriterJobRetry -ThrottleLimit 16 -HistoryPath $path -MinRetryInterval 0 | Out-Null }
                    else { $ids | Invoke-WriterJobRetry -ThrottleLimit 16 | Out-Null }
                } @($failed[($i * $count)..(($i + 1) * $count - 1)]), $plan[$i]
            }
            $without = @(for ($i = 0; $i -lt $runs.Count; $i += 2) { $runs[$i] })
            $with = @(for ($i = 1; $i -lt $runs.Count; $i += 2) { $runs[$i] })

            $mean = ($without | Measure-Object -Property Seconds -Average).Average
            $spread = ($without | ForEach-Object { '{0:0.00}' -f $_.Seconds }) -join ', '
            $null = Add-Row $name "Invoke-WriterJobRetry (no history, $($without.Count) runs)" $count 16 $without[-1] 1 ("between the runs with a history: $spread s; {0:N0} jobs/s at the mean" -f ($count / $mean))
            for ($i = 0; $i -lt $histories.Count; $i++) {
                $run = $with[$i]
                $ratio = $run.Seconds / (($without[$i].Seconds + $without[$i + 1].Seconds) / 2)
                $result = '{0:0.00}x the runs without a history on either side; {1:N0} jobs/s; {2} retries' -f $ratio, ($count / $run.Seconds), $run.RetryJob
                $null = Add-Row $name "Invoke-WriterJobRetry -HistoryPath ($($histories[$i].Side))" $count 16 $run $ratio $result '<= 1.3x without' ($ratio -le 1.3 -and -not $run.Errors -and $run.RetryJob -eq $count)
            }
        }
        finally {
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

function Invoke-MinimumRequestsScenario {
    # Seeded jobs alternate between the two applications: app-1's for the used-by line, app-2's for the listing, so
    # that neither line's retries change what the other sees.
    $emulator = Start-ScenarioEmulator -Jobs $size.MinimumJobs -ApplicationIds 'app-1', 'app-2'
    Invoke-OnEmulator $emulator {
        $ids = @(Get-EmulatorJobId $emulator -ApplicationId app-1)
        $failedFirst = @(Get-EmulatorJobId $emulator -ApplicationId app-1 -Status failed).Count
        $failedSecond = @(Get-EmulatorJobId $emulator -ApplicationId app-2 -Status failed).Count
        Connect-WriterEmulator $emulator -RequestsPerMinute $fastestRequestsPerMinute
        Start-Sleep -Milliseconds 1500

        # A reference, so the action can count into it.
        $retried = [ref] 0
        $measured = Measure-Side $emulator {
            param($ids, $retried)
            Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry | ForEach-Object { if ($_.Action -eq 'Retried') { $retried.Value++ } }
        } $ids, $retried
        $minimum = $ids.Count + $failedFirst
        $result = '{0} requests ({1} reads, {2} retries); minimum {3} ({4} reads + {5} failed); {6} retried' -f $measured.Requests, $measured.GetJob, $measured.RetryJob, $minimum, $ids.Count, $failedFirst, $retried.Value
        $met = $measured.Requests -eq $minimum -and $retried.Value -eq $failedFirst -and -not $measured.Errors
        Add-Row 'Minimum requests' 'Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry' $ids.Count 16 $measured ($measured.Requests / $minimum) $result 'the minimum' $met

        Start-Sleep -Milliseconds 1500
        $retried = [ref] 0
        $measured = Measure-Side $emulator {
            param($retried)
            Get-WriterJob -ApplicationId app-2 -Status failed | Invoke-WriterJobRetry | ForEach-Object { if ($_.Action -eq 'Retried') { $retried.Value++ } }
        } (, $retried)
        $pages = [Math]::Max(1, [Math]::Ceiling($failedSecond / 100))
        # app-2 is not a UUID, as the API's application IDs are: one read of the application list tells an ID from a name.
        $minimum = 1 + $pages + $failedSecond
        $result = '{0} requests ({1} lookup, {2} pages, {3} retries); minimum {4} (1 lookup + {5} pages of 100 + {6} failed); {7} retried' -f $measured.Requests, $measured.ListApplications, $measured.ListJobs, $measured.RetryJob, $minimum, $pages, $failedSecond, $retried.Value
        $met = $measured.Requests -eq $minimum -and $retried.Value -eq $failedSecond -and -not $measured.Errors
        Add-Row 'Minimum requests' 'Get-WriterJob -ApplicationId app-2 -Status failed | Invoke-WriterJobRetry' $failedSecond 16 $measured ($measured.Requests / $minimum) $result 'the minimum' $met
    }
}

function Get-MachineLine {
    $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ' } else { 'n/a' }
    $commit = try { (& git -C $PSScriptRoot rev-parse --short HEAD 2>$null) } catch { $null }
    '{0}, {1} logical processors, PowerShell {2}, .NET {3}, server GC {4}; commit {5}; load average {6}' -f
    [Runtime.InteropServices.RuntimeInformation]::OSDescription, [Environment]::ProcessorCount, $PSVersionTable.PSVersion,
    [Environment]::Version, [Runtime.GCSettings]::IsServerGC, $(if ($commit) { $commit } else { 'n/a' }), $load
}

function ConvertTo-MarkdownTable {
    param([object[]] $Row)
    '| Scenario | Side | N | In flight | Time (s) | Req/s | Requests | 429 | Errors | Result | Target | Met |'
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|'
    foreach ($r in $Row) {
        $cells = $r.Scenario, ('`{0}`' -f $r.Side), $r.N.ToString('N0'), $r.InFlight, $r.Seconds.ToString('0.00'), $r.RequestsPerSecond.ToString('N0'),
        $r.Requests.ToString('N0'), $r.TooManyRequests, $r.Errors, $r.Result, $r.Target, $r.Met
        # A | inside a cell, even in code, ends the cell unless escaped.
        '| ' + (($cells | ForEach-Object { "$_" -replace '\|', '\|' }) -join ' | ') + ' |'
    }
}

$startedAt = [DateTime]::UtcNow
$machine = Get-MachineLine
try {
    Write-Host "WriterJobs through PowerShell$(if ($Quick) { ' (-Quick: smoke sizes, the figures prove nothing)' })"
    Write-Host $machine
    Write-Host 'Warm-up (not timed)'
    Invoke-WarmUp
    foreach ($name in $Scenario) {
        Write-Host $name
        switch ($name) {
            'Latency' { Invoke-LatencyScenario | Out-Null }
            'ZeroLatency' { Invoke-ZeroLatencyScenario | Out-Null }
            'Quota' { Invoke-QuotaScenario | Out-Null }
            'Memory' { Invoke-MemoryScenario | Out-Null }
            'Retry' { Invoke-RetryScenario | Out-Null }
            'History' { Invoke-HistoryScenario | Out-Null }
            'MinimumRequests' { Invoke-MinimumRequestsScenario | Out-Null }
        }
    }
}
catch {
    Write-Host "The benchmark failed: $_`n$($_.ScriptStackTrace)" -ForegroundColor Red
    exit 2
}
$endedAt = [DateTime]::UtcNow

$table = @(ConvertTo-MarkdownTable $rows)
$notes = @($rows | Where-Object Note | ForEach-Object { '- {0}, `{1}`: {2}' -f $_.Scenario, $_.Side, $_.Note })
if ($notes) { $table += @('') + $notes }
$header = @(
    "Run from $($startedAt.ToString('yyyy-MM-dd HH:mm:ss')) to $($endedAt.ToString('HH:mm:ss')) UTC$(if ($Quick) { ', -Quick (smoke sizes)' })."
    "Machine: $machine at the start; load average $(if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ' } else { 'n/a' }) at the end."
)
Write-Host ''
$header + '' + $table | Out-Host
if ($MarkdownPath) {
    $null = New-Item -ItemType Directory -Path (Split-Path -Parent ([IO.Path]::GetFullPath($MarkdownPath))) -Force
    Set-Content -LiteralPath $MarkdownPath -Value ($header + '' + $table) -Encoding utf8
}
if ($JsonPath) {
    $null = New-Item -ItemType Directory -Path (Split-Path -Parent ([IO.Path]::GetFullPath($JsonPath))) -Force
    ConvertTo-Json -InputObject @($rows) -Depth 3 | Set-Content -LiteralPath $JsonPath -Encoding utf8
}

$missed = @($rows | Where-Object Met -eq 'no')
if ($missed) {
    Write-Host "$($missed.Count) target(s) missed: $(($missed | ForEach-Object { "$($_.Scenario) / $($_.Side)" }) -join ', ')." -ForegroundColor Yellow
    exit 1
}
Write-Host 'Every target met.'
exit 0
