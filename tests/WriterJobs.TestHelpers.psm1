# Shared by the Pester suites: a real emulator process on a free loopback port, and the module under test.

$script:RepositoryRoot = Split-Path -Parent $PSScriptRoot

function Get-RepositoryRoot { $script:RepositoryRoot }

function Import-BuiltWriterJobs {
    # The module folder that 'build.ps1 -Task Build' leaves behind.
    $manifest = Get-ChildItem -Path (Join-Path $script:RepositoryRoot 'out/WriterJobs') -Filter WriterJobs.psd1 -Recurse |
        Select-Object -First 1
    if (-not $manifest) { throw "Build the module first: ./build.ps1 -Task Build" }
    Import-Module $manifest.FullName -Force -ErrorAction Stop
}

function Start-WriterEmulator {
    [CmdletBinding()]
    param(
        [int] $Jobs = 200,
        [double] $Failed = 0.25,
        [int] $CompletionMs = 500,
        [string] $ApiKey = 'pester-key',
        [string[]] $ApplicationIds = @('app-1'),
        [string[]] $ExtraArgument = @()
    )
    $project = Join-Path $script:RepositoryRoot 'src/WriterJobs.Emulator'
    $dll = Join-Path $project 'bin/Release/net10.0/WriterJobs.Emulator.dll'
    if (-not (Test-Path $dll)) {
        & dotnet build $project -c Release --nologo | Out-Host
        if ($LASTEXITCODE) { throw "Building the emulator failed." }
    }
    $output = New-TemporaryFile
    $arguments = @($dll, '--urls', 'http://127.0.0.1:0', '--api-key', $ApiKey, '--jobs', $Jobs, '--failed', $Failed,
        '--completion-ms', $CompletionMs, '--applications', ($ApplicationIds -join ',')) + $ExtraArgument
    $process = Start-Process -FilePath dotnet -ArgumentList $arguments -RedirectStandardOutput $output.FullName -PassThru -NoNewWindow
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $match = Select-String -Path $output.FullName -Pattern 'listening on (http://\S+)' -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($match) {
            return [pscustomobject]@{
                Process    = $process
                BaseUri    = $match.Matches[0].Groups[1].Value
                ApiKey     = $ApiKey
                OutputFile = $output.FullName
            }
        }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 200
    }
    Stop-Process -Id $process.Id -ErrorAction SilentlyContinue
    throw "The emulator did not start: $(Get-Content $output.FullName -Raw)"
}

function Stop-WriterEmulator {
    param([Parameter(Mandatory)] $Emulator)
    Stop-Process -Id $Emulator.Process.Id -ErrorAction SilentlyContinue
    Remove-Item $Emulator.OutputFile -ErrorAction SilentlyContinue
}

function Connect-WriterEmulator {
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

function Get-EmulatorJob {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [guid] $Id)
    Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications/jobs/$Id" -Headers @{ Authorization = "Bearer $($Emulator.ApiKey)" }
}

Export-ModuleMember -Function *
