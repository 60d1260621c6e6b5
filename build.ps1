<#
.SYNOPSIS
    Builds, tests, documents, packages and demonstrates the WriterJobs module.
.EXAMPLE
    ./build.ps1                  # Build: out/WriterJobs, ready for Import-Module
.EXAMPLE
    ./build.ps1 -Task Test       # xunit (dotnet test) and the Pester suites
.EXAMPLE
    ./build.ps1 -Task Demo       # the used-by pipeline against a local emulator
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Help', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$version = ([xml] (Get-Content (Join-Path $root 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
# The versioned folder PowerShell expects under a PSModulePath entry; Import-Module also takes it by path.
$moduleFolder = Join-Path $root "out/WriterJobs/$version"

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# Pester runs in a child pwsh so the module's DLLs are never locked in this session.
function Invoke-PesterSuite {
    $pwsh = (Get-Process -Id $PID).Path
    $script = @'
$ErrorActionPreference = 'Stop'
if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.5.0')) {
    Install-Module Pester -MinimumVersion 5.5.0 -Scope CurrentUser -Force -SkipPublisherCheck
}
Import-Module Pester -MinimumVersion 5.5.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = $args[0]
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration
"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
exit $result.FailedCount
'@
    & $pwsh -NoProfile -NonInteractive -Command $script (Join-Path $root 'tests')
    if ($LASTEXITCODE) { throw "Pester reported $LASTEXITCODE failed test(s)." }
}

function Invoke-Demo {
    $emulatorProject = Join-Path $root 'src/WriterJobs.Emulator'
    Invoke-Dotnet build $emulatorProject -c $Configuration --nologo
    $dll = Join-Path $emulatorProject "bin/$Configuration/net10.0/WriterJobs.Emulator.dll"
    $output = New-TemporaryFile
    $emulator = Start-Process dotnet -ArgumentList $dll, '--urls', 'http://127.0.0.1:0', '--api-key', 'demo-key', '--jobs', '40', '--failed', '0.3', '--completion-ms', '1500' `
        -RedirectStandardOutput $output.FullName -PassThru -NoNewWindow
    try {
        $baseUri = $null
        for ($i = 0; $i -lt 150 -and -not $baseUri; $i++) {
            Start-Sleep -Milliseconds 200
            $found = Select-String -Path $output.FullName -Pattern 'listening on (http://\S+)' | Select-Object -First 1
            if ($found) { $baseUri = $found.Matches[0].Groups[1].Value }
        }
        if (-not $baseUri) { throw "The emulator did not start: $(Get-Content $output.FullName -Raw)" }
        $pwsh = (Get-Process -Id $PID).Path
        $demo = @'
param($ModuleFolder, $BaseUri)
Import-Module (Join-Path $ModuleFolder 'WriterJobs.psd1')
Connect-Writer -ApiKey (ConvertTo-SecureString 'demo-key' -AsPlainText -Force) -BaseUri $BaseUri
$ids = (Get-WriterJob -ApplicationId app-1).Id
Write-Host "`n> Get-WriterJob -Id `$ids | Where-Object Status -eq failed | Invoke-WriterJobRetry" -ForegroundColor Cyan
Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry | Format-Table -AutoSize | Out-Host
Write-Host "> Get-WriterJob -Id `$ids | Group-Object Status" -ForegroundColor Cyan
Get-WriterJob -Id $ids | Group-Object Status -NoElement | Format-Table -AutoSize | Out-Host
'@
        & $pwsh -NoProfile -Command $demo -args $moduleFolder, $baseUri
        if ($LASTEXITCODE) { throw "The demo failed." }
    }
    finally {
        Stop-Process -Id $emulator.Id -ErrorAction SilentlyContinue
        Remove-Item $output.FullName -ErrorAction SilentlyContinue
    }
}

# Publishing does not empty the folder: start clean so no file of an older build is left behind.
function Invoke-Build {
    if (Test-Path $moduleFolder) { Remove-Item $moduleFolder -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $root 'src/WriterJobs') -c $Configuration -o $moduleFolder --nologo
}

# In a child pwsh, because importing the module to read its cmdlets locks its DLLs.
function Invoke-Help {
    $pwsh = (Get-Process -Id $PID).Path
    & $pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Build-Help.ps1') -ModulePath $moduleFolder -DocsPath (Join-Path $root 'docs/en-US')
    if ($LASTEXITCODE) { throw "The Help task failed." }
}

foreach ($step in $Task) {
    Write-Host "== $step" -ForegroundColor Green
    switch ($step) {
        'Build' { Invoke-Build }
        'Test' {
            Invoke-Build
            Invoke-Dotnet test (Join-Path $root 'tests/WriterJobs.Tests') -c $Configuration
            Invoke-PesterSuite
        }
        'Pester' { Invoke-PesterSuite }
        'Help' { Invoke-Help }
        'Package' {
            # The nupkg Publish-PSResource would upload, from the module folder as Build and Help left it.
            if (-not (Test-Path (Join-Path $moduleFolder 'WriterJobs.psd1'))) { Invoke-Build }
            Invoke-Dotnet pack (Join-Path $root 'packaging/WriterJobs.Package.csproj') -c $Configuration -o (Join-Path $root 'out') "-p:ModuleSource=$moduleFolder" --nologo
        }
        'Demo' { Invoke-Demo }
    }
}
