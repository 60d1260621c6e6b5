<#
.SYNOPSIS
    Runs the Pester suites with the pinned Pester (tools/TestModules) and writes a JUnit result file.
.DESCRIPTION
    build.ps1 starts this in a child PowerShell so that the module's DLLs are never locked in the build session.
    The exit code is the number of failed tests, or 1 when a container (a whole file) failed to run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ResultFile
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'WriterJobs.Build.psm1') -Force
Import-Module (Get-PinnedModule Pester) -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultFile
$result = Invoke-Pester -Configuration $configuration

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
exit [Math]::Min($failed, 255)
