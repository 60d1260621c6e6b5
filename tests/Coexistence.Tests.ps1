#requires -Version 7.2
#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Dependency isolation, end to end: a PowerShell session that already loaded another Microsoft.Extensions.Http
    (as Az.Accounts or Microsoft.Graph do) imports WriterJobs and reads a job from the emulator.

    Each case runs in a child process, so the order of loading is exactly the one under test and no DLL stays
    locked in the session that runs Pester. Needs the dotnet SDK and network access to NuGet for the other
    Microsoft.Extensions.Http (version from WRITERJOBS_CONFLICT_VERSION, default 8.0.1).
    Module folder: WRITERJOBS_MODULE_PATH, else out/WriterJobs/<version>, published first when missing.
#>

BeforeAll {
    $repo = Split-Path -Path $PSScriptRoot -Parent
    $version = ([xml](Get-Content -LiteralPath (Join-Path $repo 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version |
        Where-Object { $_ } | Select-Object -First 1
    $modulePath = if ($env:WRITERJOBS_MODULE_PATH) { $env:WRITERJOBS_MODULE_PATH } else { Join-Path $repo "out/WriterJobs/$version" }
    if (-not (Test-Path -LiteralPath (Join-Path $modulePath 'WriterJobs.psd1'))) {
        dotnet publish (Join-Path $repo 'src/WriterJobs') -c Release -o $modulePath | Out-Host
        if ($LASTEXITCODE) { throw "dotnet publish failed ($LASTEXITCODE)." }
    }
    $script:manifest = Join-Path $modulePath 'WriterJobs.psd1'

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
    dotnet restore (Join-Path $scratch 'Conflict.csproj') --packages (Join-Path $scratch 'packages') | Out-Host
    if ($LASTEXITCODE) { throw "Could not restore Microsoft.Extensions.Http $conflictVersion ($LASTEXITCODE)." }
    $script:conflictDll = Join-Path $scratch "packages/microsoft.extensions.http/$conflictVersion/lib/netstandard2.0/Microsoft.Extensions.Http.dll"

    # The emulator, with a few seeded jobs.
    $port = Get-Random -Minimum 20000 -Maximum 40000
    $script:baseUrl = "http://127.0.0.1:$port"
    # Built first and started as its own process (not `dotnet run`), so that AfterAll stops the emulator itself.
    $emulatorOut = Join-Path $scratch 'emulator'
    dotnet build (Join-Path $repo 'src/WriterJobs.Emulator') -c Release -o $emulatorOut | Out-Host
    if ($LASTEXITCODE) { throw "Could not build the emulator ($LASTEXITCODE)." }
    $script:emulator = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow -RedirectStandardOutput (Join-Path $scratch 'emulator.log') -ArgumentList @(
        (Join-Path $emulatorOut 'WriterJobs.Emulator.dll'), '--urls', $baseUrl, '--api-key', 'test', '--jobs', '4', '--applications', 'app-1')
    $headers = @{ Authorization = 'Bearer test' }
    $deadline = [DateTime]::UtcNow.AddMinutes(2)
    while ($true) {
        try {
            $script:jobId = (Invoke-RestMethod -Uri "$baseUrl/v1/applications/app-1/jobs" -Headers $headers).result[0].id
            break
        }
        catch {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator did not answer at $baseUrl within 2 minutes: $_" }
            Start-Sleep -Milliseconds 500
        }
    }

    # What the child session does: load the other version first, then import WriterJobs and read a job.
    $script:childScript = Join-Path $scratch 'child.ps1'
    Set-Content -LiteralPath $childScript -Value @'
param([string] $ConflictDll, [string] $Manifest, [string] $BaseUrl, [string] $JobId, [switch] $ModuleFirst)
$ErrorActionPreference = 'Stop'
if ($ModuleFirst) { Import-Module -Name $Manifest }
$other = [System.Reflection.Assembly]::LoadFrom($ConflictDll)
if (-not $ModuleFirst) { Import-Module -Name $Manifest }
$env:WRITER_API_KEY = 'test'
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

    function Invoke-Child([string] $Shell, [switch] $ModuleFirst) {
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $childScript,
            '-ConflictDll', $conflictDll, '-Manifest', $manifest, '-BaseUrl', $baseUrl, '-JobId', $jobId)
        if ($ModuleFirst) { $arguments += '-ModuleFirst' }
        $output = & $Shell @arguments
        if ($LASTEXITCODE) { throw "The child session failed ($LASTEXITCODE): $output" }
        $output | Select-Object -Last 1 | ConvertFrom-Json
    }
}

AfterAll {
    if ($script:emulator -and -not $script:emulator.HasExited) { Stop-Process -Id $script:emulator.Id; $script:emulator.WaitForExit() }
    if ($script:scratch) { Remove-Item -LiteralPath $script:scratch -Recurse -Force -ErrorAction Ignore }
}

Describe 'WriterJobs next to another Microsoft.Extensions.Http' {
    It 'works on PowerShell 7 when the other version was loaded first' {
        $result = Invoke-Child -Shell (Get-Process -Id $PID).Path

        $result.JobId | Should -Be $jobId
        $result.Status | Should -BeIn @('in_progress', 'completed', 'failed')
        $result.EngineContext | Should -Be 'WriterJobs'
        $result.OtherVersion | Should -Not -Be '10.0.0.0'
        $result.HttpVersions | Should -Contain '10.0.0.0'
        $result.HttpVersions | Should -Contain $result.OtherVersion
    }

    It 'works on PowerShell 7 when the other version is loaded after the module' {
        $result = Invoke-Child -Shell (Get-Process -Id $PID).Path -ModuleFirst

        $result.JobId | Should -Be $jobId
        $result.EngineContext | Should -Be 'WriterJobs'
    }

    It 'works on Windows PowerShell 5.1 when the other version was loaded first' -Skip:(-not ($IsWindows -and (Get-Command -Name powershell.exe -ErrorAction Ignore))) {
        $result = Invoke-Child -Shell 'powershell.exe'

        $result.JobId | Should -Be $jobId
        $result.EngineContext | Should -Be 'AppDomain'
    }
}
