<#
.SYNOPSIS
    Runs Invoke-WriterJobSweep for a scheduler: its log lines on stdout, and the exit code 0, 1 or 2.

.DESCRIPTION
    Ships with the WriterJobs module, beside WriterJobs.psd1, so its path is the module's own folder:

        Join-Path (Get-Module WriterJobs -ListAvailable | Select-Object -First 1).ModuleBase Invoke-WriterJobSweep.ps1

    Every argument goes to the Invoke-WriterJobSweep cmdlet as given (Get-Help Invoke-WriterJobSweep -Full lists
    them): -ApplicationId app-1,app-2 arrives as one string under pwsh -File and is split at its commas, and a number
    given for a time is seconds. Exit codes: 0 all good, 1 some jobs need attention, 2 could not run (a bad command
    line included). Windows PowerShell 5.1 runs it too (powershell.exe with the same arguments).

.EXAMPLE
    pwsh -NonInteractive -NoProfile -File /opt/microsoft/powershell/7/Modules/WriterJobs/0.1.0/Invoke-WriterJobSweep.ps1 -ApplicationId app-1,app-2 -HistoryPath /var/lib/writer/retries.json -LogPath /var/log/writer/sweep.log
#>

# No param block: the arguments reach the cmdlet as they are, so that a bad one is a binding error caught here
# (exit code 2, could not run) rather than pwsh's own exit code 1, which reads as "jobs need attention".
$ErrorActionPreference = 'Continue'
# The sweep's log lines are information records: shown, they are the script's stdout.
$InformationPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$script:summary = $null

# A line for a run that never started, on stdout and, when -LogPath is among the arguments, in that file too.
function Write-CouldNotRun([string] $Why, [object[]] $Arguments) {
    $line = '{0} could not run: {1}' -f [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), ($Why -replace '[\r\n]+', ' ')
    Write-Output $line
    for ($i = 0; $i -lt $Arguments.Count - 1; $i++) {
        if ("$($Arguments[$i])" -match '^-LogPath:?$') {
            Add-Content -LiteralPath $Arguments[$i + 1] -Value $line -ErrorAction SilentlyContinue
        }
    }
}

try {
    Import-Module -Name (Join-Path $PSScriptRoot 'WriterJobs.psd1') -ErrorAction Stop
    WriterJobs\Invoke-WriterJobSweep @args | ForEach-Object {
        # By type name: on PowerShell 7 the type lives in the module's own load context, out of [type] syntax's reach.
        if ($_.PSObject.TypeNames -contains 'WriterJobs.WriterJobSweepSummary') { $script:summary = $_ }
    }
}
catch {
    # After the summary (-ErrorAction Stop given), its exit code stands; before it, nothing was sent.
    if ($null -eq $script:summary) {
        Write-CouldNotRun $_.Exception.Message $args
        exit 2
    }
}

if ($null -eq $script:summary) { exit 2 }
exit $script:summary.ExitCode
