<#
.SYNOPSIS
    Builds, tests, documents, packages and demonstrates the WriterJobs module.
.DESCRIPTION
    Needs only the .NET SDK: PowerShell comes from the repository's .NET tool manifest and Pester from NuGet
    (tools/TestModules); the Test task also needs Mono for the net472 suite. Start it as the README does, from the
    repository root:

        dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test

    Tasks:
      Build    the module folder out/WriterJobs/<version> (dotnet publish src/WriterJobs), help included
      Test     builds everything, then xunit (net10, then net472 on Mono) and every Pester suite; ends with
               "N passed, N failed, N skipped"
      Pester   the Pester suites alone, against the module folder (built first when missing)
      Help     platyPS 1.x: refreshes docs/en-US from the cmdlets and regenerates the committed help files
      Package  out/WriterJobs.<version>.nupkg, the package the PowerShell Gallery takes
      Demo     an emulator, the module and the used-by line, with what happened
      Analyze  PSScriptAnalyzer over every script and help example, 5.1 and 7 syntax included (needs PSScriptAnalyzer
               installed; tools/Invoke-ScriptAnalysis.ps1); exit 1 on any finding
      Benchmark the cmdlets through PowerShell against ForEach-Object -Parallel and Invoke-RestMethod, full size
               (minutes; tests/Benchmarks/Invoke-WriterJobsBenchmark.ps1): table in out/benchmark, exit 1 on a missed
               target. Record it on a quiet machine only; CI never runs it (Benchmark.Tests.ps1 runs its -Quick)
.EXAMPLE
    dotnet pwsh -NoProfile -File build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh -NoProfile -Command ./build.ps1 -Task Build, Help, Package
#>
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'Configuration', Justification = 'Read by the task functions below.')]
[CmdletBinding()]
param(
    # With -File, PowerShell hands a comma list over as one string: "Build,Pester" is split here.
    [ArgumentCompletions('Build', 'Test', 'Pester', 'Help', 'Package', 'Demo', 'Analyze', 'Benchmark')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'tools/WriterJobs.Build.psm1') -Force

$knownTasks = 'Build', 'Test', 'Pester', 'Help', 'Package', 'Demo', 'Analyze', 'Benchmark'
$steps = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
$unknown = @($steps | Where-Object { $_ -notin $knownTasks })
if ($unknown) { throw "Unknown task '$($unknown -join "', '")'. The tasks are: $($knownTasks -join ', ')." }

$root = Get-RepositoryRoot
$moduleFolder = Get-ModuleFolder
$resultsFolder = Join-Path $root 'out/test-results'

# Publishing does not empty the folder: start clean so no file of an older build is left behind.
function Invoke-Build {
    if (Test-Path $moduleFolder) { Remove-Item $moduleFolder -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $root 'src/WriterJobs') -c $Configuration -o $moduleFolder --nologo
}

function Assert-ModuleBuilt {
    if (-not (Test-Path (Join-Path $moduleFolder 'WriterJobs.psd1'))) { Invoke-Build }
}

# xunit through dotnet test, counted from its TRX result file.
function Invoke-Xunit {
    param(
        [string] $Project = 'tests/WriterJobs.Tests',
        [string] $Suite = 'xunit',
        [string] $ResultName = 'xunit.trx'
    )
    $trx = Join-Path $resultsFolder $ResultName
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $root $Project) -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$ResultName" --logger 'console;verbosity=normal' --results-directory $resultsFolder | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Suite = $Suite; Passed = 0; Failed = 1; Skipped = 0; Note = 'no result file' } }
    $counters = ([xml] (Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
    $failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    [pscustomobject]@{
        Suite   = $Suite
        Passed  = [int] $counters.passed
        Failed  = if ($exitCode -and -not $failed) { 1 } else { $failed }
        Skipped = [int] $counters.notExecuted
        Note    = if ($exitCode -and -not $failed) { "dotnet test exited with $exitCode" } else { '' }
    }
}

# The engine's tests on .NET Framework 4.7.2, Windows PowerShell 5.1's runtime: dotnet test runs a net472 test
# assembly on Mono. Without Mono that is a failure, never a skip: the suite would otherwise vanish from the count.
function Invoke-DesktopXunit {
    $suite = 'xunit net472 on Mono'
    if (-not (Get-Command mono -CommandType Application -ErrorAction Ignore)) {
        Write-Host "${suite}: mono is not installed, so the net472 suite cannot run. Install it: apt-get install -y mono-runtime mono-devel" -ForegroundColor Red
        return [pscustomobject]@{ Suite = $suite; Passed = 0; Failed = 1; Skipped = 0; Note = 'mono is not installed' }
    }
    Invoke-Xunit -Project 'tests/WriterJobs.Engine.Desktop.Tests' -Suite $suite -ResultName 'xunit-net472.trx'
}

# Pester in a child PowerShell, so the module's DLLs are never locked in this session; counted from its result file.
function Invoke-PesterSuite {
    Assert-ModuleBuilt
    $resultFile = Join-Path $resultsFolder 'pester.xml'
    Remove-Item $resultFile -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $resultsFolder -Force
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Invoke-PesterSuite.ps1') -Path (Join-Path $root 'tests') -ResultFile $resultFile | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path $resultFile)) { return [pscustomobject]@{ Suite = 'Pester'; Passed = 0; Failed = 1; Skipped = 0; Note = 'no result file' } }
    $cases = ([xml] (Get-Content $resultFile -Raw)).SelectNodes('//testcase')
    $failed = @($cases | Where-Object status -eq 'Failed').Count
    $passed = @($cases | Where-Object status -eq 'Passed').Count
    $skipped = $cases.Count - $failed - $passed
    [pscustomobject]@{
        Suite   = 'Pester'
        Passed  = $passed
        Failed  = if ($exitCode -and -not $failed) { 1 } else { $failed }
        Skipped = $skipped
        Note    = if ($exitCode -and -not $failed) { "a block or file failed outside its tests (exit code $exitCode)" } else { '' }
    }
}

function Invoke-Test {
    Invoke-Build
    # Everything, benchmarks included, so nothing that measures can rot; warnings are errors (Directory.Build.props).
    Invoke-Dotnet build (Join-Path $root 'WriterJobs.slnx') -c $Configuration --nologo
    $results = @(Invoke-Xunit; Invoke-DesktopXunit; Invoke-PesterSuite)
    foreach ($result in $results) {
        $line = "$($result.Suite): $($result.Passed) passed, $($result.Failed) failed, $($result.Skipped) skipped"
        if ($result.Note) { $line += " ($($result.Note))" }
        Write-Host $line
    }
    $failed = ($results | Measure-Object Failed -Sum).Sum
    # The closing line CI reads: every suite together.
    Write-Host "$(($results | Measure-Object Passed -Sum).Sum) passed, $failed failed, $(($results | Measure-Object Skipped -Sum).Sum) skipped"
    if ($failed) { exit 1 }
}

# In a child pwsh, because importing the module to read its cmdlets locks its DLLs.
function Invoke-Help {
    Assert-ModuleBuilt
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Build-Help.ps1') -ModulePath $moduleFolder -DocsPath (Join-Path $root 'docs/en-US') -OutputPath (Join-Path $root 'src/WriterJobs/en-US')
    if ($LASTEXITCODE) { throw 'The Help task failed.' }
    # The module folder gets the help files just written.
    Invoke-Build
}

# Publish-PSResource (PSResourceGet, part of PowerShell 7.4+) packs the module folder into the .nupkg the Gallery
# takes, with the manifest's metadata; it publishes to a repository on a scratch folder, and the package is kept.
function Invoke-Package {
    Assert-ModuleBuilt
    $repositoryName = "WriterJobsBuild-$([guid]::NewGuid().ToString('N'))"
    $repositoryFolder = Join-Path ([IO.Path]::GetTempPath()) $repositoryName
    $null = New-Item -ItemType Directory -Path $repositoryFolder
    Register-PSResourceRepository -Name $repositoryName -Uri $repositoryFolder -Trusted
    try {
        Publish-PSResource -Path $moduleFolder -Repository $repositoryName
        $package = Get-ChildItem -LiteralPath $repositoryFolder -Filter 'WriterJobs.*.nupkg'
        Copy-Item -LiteralPath $package.FullName -Destination (Join-Path $root 'out') -Force
        Write-Host "out/$($package.Name)"
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
        Remove-Item -LiteralPath $repositoryFolder -Recurse -Force
    }
}

function Invoke-Demo {
    Assert-ModuleBuilt
    Invoke-Pwsh -NoProfile -File (Join-Path $root 'tools/Demo.ps1') -ModulePath $moduleFolder
    if ($LASTEXITCODE) { throw 'The demo failed.' }
}

# In a child pwsh, so the benchmark's module and emulators never touch this session; exit code 1 is a missed target.
function Invoke-Benchmark {
    Assert-ModuleBuilt
    $folder = Join-Path $root 'out/benchmark'
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Benchmarks/Invoke-WriterJobsBenchmark.ps1') `
        -MarkdownPath (Join-Path $folder 'results.md') -JsonPath (Join-Path $folder 'results.json')
    if ($LASTEXITCODE -eq 1) { throw 'The benchmark missed a target (see the table; out/benchmark/results.md).' }
    if ($LASTEXITCODE) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}

# In a child pwsh, as the other tools run; tools/Invoke-ScriptAnalysis.ps1 says what is analyzed and with which rules.
function Invoke-Analyze {
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Invoke-ScriptAnalysis.ps1')
    if ($LASTEXITCODE) { throw 'The Analyze task failed: PSScriptAnalyzer has findings, or could not run (see above).' }
}

foreach ($step in $steps) {
    Write-Host "== $step" -ForegroundColor Green
    switch ($step) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Pester' { $result = Invoke-PesterSuite; Write-Host "Pester: $($result.Passed) passed, $($result.Failed) failed, $($result.Skipped) skipped"; if ($result.Failed) { exit 1 } }
        'Help' { Invoke-Help }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
        'Analyze' { Invoke-Analyze }
        'Benchmark' { Invoke-Benchmark }
    }
}
