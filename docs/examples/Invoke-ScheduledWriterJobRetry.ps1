<#
.SYNOPSIS
    Retries the failed Writer jobs of one or more applications within a retry budget: the script for a scheduled task.

.DESCRIPTION
    Lists the failed jobs of each application, retries each one at most -MaxRetriesPerJob times across runs and not
    sooner than -MinRetryInterval after its last retry (both kept in -HistoryPath, shared safely by runs that
    overlap), optionally waits for the retried jobs, writes one log line per job and, with -ReportPath, a CSV or JSON
    report of the audit records.

    The API key comes from the WRITER_API_KEY environment variable or, when that is empty and SecretManagement is
    installed, from the secret -SecretName (in -VaultName, else the default vault). WRITER_BASE_URL and the other
    WRITER_* variables work as they do for every WriterJobs command.

    Exit codes, for the scheduler and its alerts:
      0  all good: every failed job was retried (and, with -Wait, completed), or there was nothing to retry
      1  some jobs still need attention: failed again, still running at the timeout, over their retry budget, or an
         item's error
      2  could not run: no key, a wrong key, the API unreachable, the module or the history unusable

.EXAMPLE
    pwsh -NonInteractive -NoProfile -File Invoke-ScheduledWriterJobRetry.ps1 -ApplicationId app-1, app-2 -HistoryPath /var/lib/writer/retries.json -Wait -ReportPath /var/log/writer/retries.csv

    What a cron entry or a systemd timer runs; about_WriterJobs shows how to schedule it on Windows and Linux.
#>
[CmdletBinding()]
param(
    # The applications whose failed jobs to retry.
    [Parameter(Mandatory)]
    [string[]] $ApplicationId,

    # The retry history shared by every run of this task; created at the first retry.
    [Parameter(Mandatory)]
    [string] $HistoryPath,

    # The most retries of one job across all runs.
    [ValidateRange(1, 100)]
    [int] $MaxRetriesPerJob = 3,

    # The least time between two retries of one job.
    [timespan] $MinRetryInterval = '01:00:00',

    # Wait for the retried jobs to finish, for at most -Timeout.
    [switch] $Wait,

    [timespan] $Timeout = '00:30:00',

    # Where to write the audit records: .json for JSON, anything else for CSV.
    [string] $ReportPath,

    # The SecretManagement secret that holds the key, used when WRITER_API_KEY is empty.
    [string] $SecretName = 'WriterApiKey',

    [string] $VaultName,

    # The WriterJobs module to import: its name (installed) or the path of its manifest.
    [string] $Module = 'WriterJobs'
)

$ErrorActionPreference = 'Stop'
$AllGood, $SomeStillFailing, $CouldNotRun = 0, 1, 2

# One line per event, on the information stream (stdout under pwsh -File), for a transcript or a log collector.
function Write-TaskLog([string] $Text) {
    Write-Information "$([DateTimeOffset]::UtcNow.ToString('u')) $Text" -InformationAction Continue
}

function Write-RecordLog($Record) {
    Write-TaskLog ("job={0} app={1} action={2} previous={3} status={4} message=""{5}""" -f
        $Record.Id, $Record.ApplicationId, $Record.Action, $Record.PreviousStatus, $Record.Status, ($Record.Message -replace '"', "'"))
}

try {
    Import-Module $Module
    if (-not $env:WRITER_API_KEY) {
        if (-not (Get-Command Get-Secret -ErrorAction Ignore)) {
            throw 'No API key: set WRITER_API_KEY for the account that runs this task, or install SecretManagement and store the key as a secret.'
        }
        $vault = if ($VaultName) { @{ Vault = $VaultName } } else { @{} }
        Connect-Writer -ApiKey (Get-Secret -Name $SecretName @vault)
    }
    $failed = @(foreach ($application in $ApplicationId) { Get-WriterJob -ApplicationId $application -Status failed })
    Write-TaskLog "found $($failed.Count) failed job(s) in $($ApplicationId -join ', ')"

    $retry = @{
        HistoryPath      = $HistoryPath
        MaxRetriesPerJob = $MaxRetriesPerJob
        MinRetryInterval = $MinRetryInterval
        ErrorAction      = 'SilentlyContinue'
        ErrorVariable    = 'itemErrors'
        WarningAction    = 'SilentlyContinue'
    }
    if ($Wait) { $retry.Wait = $true; $retry.Timeout = $Timeout }
    $records = @($failed | Invoke-WriterJobRetry @retry)
}
catch {
    Write-TaskLog "could not run: $($_.Exception.Message)"
    exit $CouldNotRun
}

$records | ForEach-Object { Write-RecordLog $_ }
if ($ReportPath) {
    # Words, not numbers, for the statuses and actions, on Windows PowerShell 5.1 too (no -EnumsAsStrings there).
    $rows = @($records | Select-Object Id, ApplicationId, @{ Name = 'PreviousStatus'; Expression = { "$($_.PreviousStatus)" } },
        @{ Name = 'Action'; Expression = { "$($_.Action)" } }, @{ Name = 'Status'; Expression = { "$($_.Status)" } },
        @{ Name = 'Time'; Expression = { $_.Time.ToString('o') } }, Message)
    if ($ReportPath -like '*.json') { ConvertTo-Json -InputObject $rows | Set-Content -LiteralPath $ReportPath }
    else { $rows | Export-Csv -LiteralPath $ReportPath -NoTypeInformation }
}

# Fine: retried (and, when waited for, completed), or skipped because it is no longer failed.
$attention = @($records | Where-Object {
        $_.Action -ne 'Skipped' -and -not ($_.Action -eq 'Retried' -and (-not $Wait -or $_.Status -eq 'completed'))
    })
Write-TaskLog "retried $(@($records | Where-Object Action -eq Retried).Count), need attention $($attention.Count), errors $($itemErrors.Count)"
if ($attention -or $itemErrors) { exit $SomeStillFailing }
exit $AllGood
