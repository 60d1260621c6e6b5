#requires -Version 7.2
<#
    Dependency isolation, end to end: a PowerShell session that already loaded another Microsoft.Extensions.Http
    (as Az.Accounts or Microsoft.Graph do) imports WriterJobs and reads a job from the emulator.

    Each case runs in a child process, so the order of loading is exactly the one under test and no DLL stays
    locked in the session that runs Pester. Needs NuGet for the other Microsoft.Extensions.Http (version from
    WRITERJOBS_CONFLICT_VERSION, default 8.0.1) and the module folder that build.ps1 -Task Build makes.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $script:manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'

    # Another version of Microsoft.Extensions.Http, restored into a scratch folder.
    $script:scratch = Join-Path ([IO.Path]::GetTempPath()) "writerjobs-coexistence-$([guid]::NewGuid())"
    $conflictVersion = if ($env:WRITERJOBS_CONFLICT_VERSION) { $env:WRITERJOBS_CONFLICT_VERSION } else { '8.0.1' }
    $null = New-Item -ItemType Directory -Path $scratch
    Set-Content -LiteralPath (Join-Path $scratch 'Conflict.csproj') -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="Microsoft.Extensions.Http" Version="$conflictVersion" /></ItemGroup>
</Project>
"@
    Invoke-Dotnet restore (Join-Path $scratch 'Conflict.csproj') --packages (Join-Path $scratch 'packages') | Out-Host
    $script:conflictDll = Join-Path $scratch "packages/microsoft.extensions.http/$conflictVersion/lib/netstandard2.0/Microsoft.Extensions.Http.dll"

    $script:emulator = Start-WriterEmulator -Jobs 4
    $script:baseUrl = $emulator.BaseUri
    $script:jobId = (Get-EmulatorJobId $emulator | Select-Object -First 1).ToString()

    # What the child session does: load the other version first, then import WriterJobs and read a job.
    $script:childScript = Join-Path $scratch 'child.ps1'
    Set-Content -LiteralPath $childScript -Value @'
param([string] $ConflictDll, [string] $Manifest, [string] $BaseUrl, [string] $JobId, [switch] $ModuleFirst)
$ErrorActionPreference = 'Stop'
if ($ModuleFirst) { Import-Module -Name $Manifest }
$other = [System.Reflection.Assembly]::LoadFrom($ConflictDll)
if (-not $ModuleFirst) { Import-Module -Name $Manifest }
$env:WRITER_API_KEY = 'test-key'
$env:WRITER_BASE_URL = $BaseUrl
$job = Get-WriterJob -Id $JobId
$loadContext = 'System.Runtime.Loader.AssemblyLoadContext' -as [type]
[pscustomobject]@{
    OtherVersion  = $other.GetName().Version.ToString()
    JobId         = $job.Id.ToString()
    Status        = $job.StatusText
    EngineContext = if ($loadContext) { $loadContext::GetLoadContext($job.GetType().Assembly).Name } else { 'AppDomain' }
    HttpVersions  = @([AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -eq 'Microsoft.Extensions.Http' } |
        ForEach-Object { $_.GetName().Version.ToString() } | Sort-Object -Unique)
} | ConvertTo-Json -Compress
'@

    # Without -Shell, a PowerShell like the one running the tests.
    function Invoke-Child([string] $Shell, [switch] $ModuleFirst) {
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $childScript,
            '-ConflictDll', $conflictDll, '-Manifest', $manifest, '-BaseUrl', $baseUrl, '-JobId', $jobId)
        if ($ModuleFirst) { $arguments += '-ModuleFirst' }
        $output = if ($Shell) { & $Shell @arguments } else { Invoke-Pwsh @arguments }
        if ($LASTEXITCODE) { throw "The child session failed ($LASTEXITCODE): $output" }
        $output | Select-Object -Last 1 | ConvertFrom-Json
    }
}

AfterAll {
    if ($script:emulator) { Stop-WriterEmulator $script:emulator }
    if ($script:scratch) { Remove-Item -LiteralPath $script:scratch -Recurse -Force -ErrorAction Ignore }
}

Describe 'WriterJobs next to another Microsoft.Extensions.Http' {
    It 'works on PowerShell 7 when the other version was loaded first' {
        $result = Invoke-Child

        $result.JobId | Should -Be $jobId
        $result.Status | Should -Be (Get-EmulatorJob $emulator $jobId).status
        $result.EngineContext | Should -Be 'WriterJobs'
        $result.OtherVersion | Should -Not -Be '10.0.0.0'
        $result.HttpVersions | Should -Contain '10.0.0.0'
        $result.HttpVersions | Should -Contain $result.OtherVersion
    }

    It 'works on PowerShell 7 when the other version is loaded after the module' {
        $result = Invoke-Child -ModuleFirst

        $result.JobId | Should -Be $jobId
        $result.EngineContext | Should -Be 'WriterJobs'
    }

    It 'works on Windows PowerShell 5.1 when the other version was loaded first' -Skip:(-not ($IsWindows -and (Get-Command -Name powershell.exe -ErrorAction Ignore))) {
        $result = Invoke-Child -Shell 'powershell.exe'

        $result.JobId | Should -Be $jobId
        $result.EngineContext | Should -Be 'AppDomain'
    }
}
