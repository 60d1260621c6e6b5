# Shared by every Pester suite: the built module, a real emulator process on a free loopback port (from
# tools/WriterJobs.Build.psm1, re-exported here), and readers of the emulator that bypass the module under test.

Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/WriterJobs.Build.psm1') -Force

# The module folder that build.ps1 -Task Build leaves, imported into the session so the tests see its cmdlets.
function Import-BuiltModule {
    $manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'
    if (-not (Test-Path $manifest)) { throw "Build the module first: dotnet pwsh -File build.ps1 -Task Build" }
    Import-Module $manifest -Global -Force -ErrorAction Stop
}

function Connect-WriterEmulator {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'The emulator''s made-up key.')]
    param([Parameter(Mandatory)] $Emulator, [string] $ApiKey = $Emulator.ApiKey)
    Connect-Writer -ApiKey (ConvertTo-SecureString $ApiKey -AsPlainText -Force) -BaseUri $Emulator.BaseUri
}

# Reads the emulator over plain REST, independent of the module under test.
function Get-EmulatorJobId {
    param([Parameter(Mandatory)] $Emulator, [string] $ApplicationId = 'app-1', [string] $Status)
    $query = "limit=100" + $(if ($Status) { "&status=$Status" })
    $headers = @{ Authorization = "Bearer $($Emulator.ApiKey)" }
    $offset = 0
    do {
        $page = Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications/$ApplicationId/jobs?$query&offset=$offset" -Headers $headers
        $page.result | ForEach-Object { [guid] $_.id }
        $offset += @($page.result).Count
    } while (@($page.result).Count -gt 0 -and $offset -lt $page.totalCount)
}

# The emulator's own count of the requests it has answered, by endpoint (getJob, retryJob, listJobs, createJob, total).
function Get-EmulatorRequestCount {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/_emulator/requests"
}

function Get-EmulatorJob {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [guid] $Id)
    Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications/jobs/$Id" -Headers @{ Authorization = "Bearer $($Emulator.ApiKey)" }
}

Export-ModuleMember -Function *
