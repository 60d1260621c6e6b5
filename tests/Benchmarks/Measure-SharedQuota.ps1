<#
.SYNOPSIS
    Runs that overlap share the API's quota: N processes, each at the default 400 requests a minute, read their own
    jobs from one emulator that allows 400 a minute (then 429 with Retry-After), and the items lost to 429 are counted.
.DESCRIPTION
    Each run is its own pwsh process (as overlapping scheduled runs are), started together, with Connect-Writer's
    defaults but the emulator's address and key: `Get-WriterJob -Id <its IDs>`, whose errors are counted by ErrorId. The
    emulator counts the requests and the 429s. Prints one line per run and a total; exit code 0 when no item was lost.
    Not timing-sensitive (it counts losses), so it may run on a busy machine; it takes about
    Runs x JobsPerRun / 400 minutes.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Benchmarks/Measure-SharedQuota.ps1 -Runs 2 -JobsPerRun 300
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 10)] [int] $Runs = 2,
    [ValidateRange(1, 10000)] [int] $JobsPerRun = 300,
    # The API's quota, in requests a minute; also the rate each run is set to (Connect-Writer's default is 400).
    [double] $QuotaPerMinute = 400
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'WriterJobs.TestHelpers.psm1') -Force
$manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'
$emulator = Start-WriterEmulator -Jobs ($Runs * $JobsPerRun) -Failed 0.25 -CompletionMs 600000 -ExtraArgument '--quota-rps', ($QuotaPerMinute / 60)
try {
    $ids = @(Get-EmulatorJobId $emulator)
    # The listing above spent quota: let the emulator's bucket refill before the runs start.
    Start-Sleep -Seconds 2
    $before = Get-EmulatorRequestCount $emulator
    $command = @(Get-PwshCommand)
    $started = foreach ($run in 0..($Runs - 1)) {
        $file = New-TemporaryFile
        $ids[($run * $JobsPerRun)..(($run + 1) * $JobsPerRun - 1)] | Set-Content $file
        $script = @"
Import-Module '$manifest'
Connect-Writer -ApiKey (ConvertTo-SecureString '$($emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($emulator.BaseUri)' -RequestsPerMinute $QuotaPerMinute
`$read = @(Get-WriterJob -Id (Get-Content '$file') -ErrorVariable problems -ErrorAction SilentlyContinue)
'{0} read, {1} lost: {2}' -f `$read.Count, @(`$problems).Count, ((@(`$problems) | Group-Object { `$_.FullyQualifiedErrorId.Split(',')[0] } | ForEach-Object { "`$(`$_.Count) x `$(`$_.Name)" }) -join ', ')
exit @(`$problems).Count
"@
        $start = [Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($part in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $start.ArgumentList.Add($part) }
        $start.RedirectStandardOutput = $true
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Run = $run + 1; Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); File = $file }
    }
    $stopwatch = [Diagnostics.Stopwatch]::StartNew()
    $lost = 0
    foreach ($run in $started) {
        $run.Process.WaitForExit()
        $lost += $run.Process.ExitCode
        Write-Host ("run {0}: {1}" -f $run.Run, $run.Output.Result.Trim())
        Remove-Item $run.File
    }
    $after = Get-EmulatorRequestCount $emulator
    $requests = $after.total - $before.total
    $refused = $after.tooManyRequests - $before.tooManyRequests
    Write-Host ("{0} runs x {1} jobs at {2}/min against a {2}/min quota: {3} items lost, {4} requests, {5} x 429 ({6:P1}), {7:0.0} s" -f
        $Runs, $JobsPerRun, $QuotaPerMinute, $lost, $requests, $refused, ($refused / [Math]::Max(1, $requests)), $stopwatch.Elapsed.TotalSeconds)
    exit $(if ($lost) { 1 } else { 0 })
}
finally {
    Stop-WriterEmulator $emulator
}
