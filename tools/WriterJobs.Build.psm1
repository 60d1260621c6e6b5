# What build.ps1 and the Pester suites share: how to start a child PowerShell, where the pinned test modules are,
# and the module folder the build makes. Nothing here assumes pwsh on PATH or the PowerShell Gallery.

$script:RepositoryRoot = Split-Path -Parent $PSScriptRoot

function Get-RepositoryRoot { $script:RepositoryRoot }

function Get-ModuleVersion {
    $props = [xml] (Get-Content -LiteralPath (Join-Path $script:RepositoryRoot 'Directory.Build.props') -Raw)
    $props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

# The versioned folder that `dotnet publish src/WriterJobs` makes, as PowerShell expects under a PSModulePath entry.
function Get-ModuleFolder {
    Join-Path $script:RepositoryRoot "out/WriterJobs/$(Get-ModuleVersion)"
}

function Invoke-Dotnet {
    & dotnet @args | Out-Host
    if ($LASTEXITCODE) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

<#
.SYNOPSIS
    The command line that starts another PowerShell like this one: the executable and the arguments before any of
    the caller's own.
.DESCRIPTION
    Under PowerShell installed as a .NET tool (`dotnet pwsh`), the process is the dotnet host, so the child is
    `dotnet <PSHOME>/pwsh.dll`; under an installed pwsh it is that executable.
#>
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($process)
}

# Runs a child PowerShell with the given arguments and writes what it writes; $LASTEXITCODE is the child's.
function Invoke-Pwsh {
    $command = @(Get-PwshCommand)
    $prefix = @($command | Select-Object -Skip 1)
    & $command[0] @prefix @args
}

<#
.SYNOPSIS
    The manifest of a pinned module from tools/TestModules (for example Pester 5.7.1), restored from NuGet first
    when it is not in the NuGet packages folder yet.
#>
function Get-PinnedModule {
    param([Parameter(Mandatory)] [string] $Name)

    $project = Join-Path $script:RepositoryRoot 'tools/TestModules/TestModules.csproj'
    $pattern = "<PackageDownload Include=`"$Name`" Version=`"\[([^\]]+)\]`""
    $version = [regex]::Match((Get-Content -LiteralPath $project -Raw), $pattern).Groups[1].Value
    if (-not $version) { throw "tools/TestModules/TestModules.csproj pins no version of $Name." }

    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $packages "$($Name.ToLowerInvariant())/$version/tools/$Name.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        Invoke-Dotnet restore $project --nologo | Out-Host
    }
    if (-not (Test-Path -LiteralPath $manifest)) { throw "$Name $version was restored, but $manifest is not there." }
    $manifest
}

<#
.SYNOPSIS
    Starts the Writer API emulator (tests/WriterJobs.Emulator) on a free loopback port and returns its BaseUri, ApiKey
    and process. Stop it with Stop-WriterEmulator.
#>
function Start-WriterEmulator {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Starts a throw-away local process for the tests and the demo.')]
    [CmdletBinding()]
    param(
        [int] $Jobs = 200,
        [double] $Failed = 0.25,
        [int] $CompletionMs = 500,
        [string] $ApiKey = 'test-key',
        [string[]] $ApplicationIds = @('app-1'),
        # Applications with names and input schemas (Blog post writer, Blog outline, ...), after those of -ApplicationIds.
        [int] $NamedApplications = 0,
        [string[]] $ExtraArgument = @()
    )
    $project = Join-Path $script:RepositoryRoot 'tests/WriterJobs.Emulator'
    $dll = Join-Path $project 'bin/Release/net10.0/WriterJobs.Emulator.dll'
    if (-not (Test-Path $dll)) { Invoke-Dotnet build $project -c Release --nologo | Out-Host }
    $output = New-TemporaryFile
    $arguments = @($dll, '--urls', 'http://127.0.0.1:0', '--api-key', $ApiKey, '--jobs', $Jobs, '--failed', $Failed,
        '--completion-ms', $CompletionMs, '--applications', ((@($ApplicationIds) + @($NamedApplications | Where-Object { $_ })) -join ',')) + $ExtraArgument
    $process = Start-Process -FilePath dotnet -ArgumentList $arguments -RedirectStandardOutput $output.FullName -PassThru -NoNewWindow
    # The emulator prints its URL once Kestrel listens; poll the file for it rather than guess a port.
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        $match = Select-String -Path $output.FullName -Pattern 'listening on (http://\S+)' -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($match) {
            return [pscustomobject]@{
                Process    = $process
                BaseUri    = $match.Matches[0].Groups[1].Value
                ApiKey     = $ApiKey
                OutputFile = $output.FullName
            }
        }
        Start-Sleep -Milliseconds 100
    }
    Stop-Process -Id $process.Id -ErrorAction SilentlyContinue
    throw "The emulator did not start: $(Get-Content $output.FullName -Raw)"
}

function Stop-WriterEmulator {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Stops the process Start-WriterEmulator started.')]
    param([Parameter(Mandatory)] $Emulator)
    Stop-Process -Id $Emulator.Process.Id -ErrorAction SilentlyContinue
    $Emulator.Process.WaitForExit()
    Remove-Item $Emulator.OutputFile -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Get-RepositoryRoot, Get-ModuleVersion, Get-ModuleFolder, Invoke-Dotnet, Get-PwshCommand, Invoke-Pwsh,
    Get-PinnedModule, Start-WriterEmulator, Stop-WriterEmulator
