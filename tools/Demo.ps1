<#
.SYNOPSIS
    The demo: starts a local emulator of the Writer jobs API, imports the built module, runs the used-by line and
    shows what happened. build.ps1 -Task Demo builds the module and runs this in a child PowerShell.
#>
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'The demo emulator''s made-up key.')]
[CmdletBinding()]
param(
    # The module folder (out/WriterJobs/<version>).
    [Parameter(Mandatory)] [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'WriterJobs.Build.psm1') -Force
Import-Module (Join-Path $ModulePath 'WriterJobs.psd1') -Force

function Show-Step([string] $Text) { Write-Host "`n> $Text" -ForegroundColor Cyan }

# A retried job runs for five seconds, long enough to be seen in progress.
$emulator = Start-WriterEmulator -Jobs 40 -Failed 0.3 -CompletionMs 5000 -ApiKey 'demo-key'
try {
    Write-Host "Emulator of the Writer jobs API at $($emulator.BaseUri): 40 jobs of app-1, about 30 % failed."
    Connect-Writer -ApiKey (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force) -BaseUri $emulator.BaseUri
    $ids = (Get-WriterJob -ApplicationId app-1).Id

    Show-Step 'Get-WriterJob -Id $ids | Group-Object Status'
    Get-WriterJob -Id $ids | Group-Object Status -NoElement | Format-Table -AutoSize | Out-Host

    Show-Step 'Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry'
    $records = @(Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry)
    $records | Format-Table -AutoSize | Out-Host

    Show-Step 'Get-WriterJob -Id $ids | Group-Object Status   # the retried jobs run again'
    Get-WriterJob -Id $ids | Group-Object Status -NoElement | Format-Table -AutoSize | Out-Host

    Show-Step 'Get-WriterJob -Id $ids | Wait-WriterJob | Group-Object Status'
    Get-WriterJob -Id $ids | Wait-WriterJob | Group-Object Status -NoElement | Format-Table -AutoSize | Out-Host
    Write-Host "$(@($records | Where-Object Action -eq Retried).Count) of $($ids.Count) jobs were failed and retried once each."
}
finally {
    Disconnect-Writer
    Stop-WriterEmulator $emulator
}
