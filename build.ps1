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
$moduleFolder = Join-Path $root 'out/WriterJobs'

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

function Invoke-Build { Invoke-Dotnet publish (Join-Path $root 'src/WriterJobs') -c $Configuration -o $moduleFolder --nologo }

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
        'Help' { & (Join-Path $root 'tools/Build-Help.ps1') -ModulePath $moduleFolder -DocsPath (Join-Path $root 'docs/en-US') -OutputPath (Join-Path $moduleFolder 'en-US') }
        'Package' { throw 'Package: see the packaging section of README.md.' }
        'Demo' { Invoke-Demo }
    }
}
