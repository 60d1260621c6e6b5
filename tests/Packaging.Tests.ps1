# The Gallery package, end to end: build.ps1 -Task Package makes it, a PSResource repository on a scratch folder
# takes it, Install-PSResource installs it, Import-Module finds it by name and the used-by line runs against the
# emulator; then it is uninstalled. The install happens in a child PowerShell; on Linux and macOS (where CI runs) its
# user folders are scratch folders, so the machine's own modules and repositories are never touched.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $root = Get-RepositoryRoot
    $version = Get-ModuleVersion
    $package = Join-Path $root "out/WriterJobs.$version.nupkg"
    Remove-Item -LiteralPath $package -ErrorAction Ignore
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') -Task Package | Out-Host
    if ($LASTEXITCODE) { throw "build.ps1 -Task Package failed ($LASTEXITCODE)." }
}

Describe 'build.ps1 -Task Package' {
    It 'makes out/WriterJobs.<version>.nupkg with the module folder at its root and the manifest''s metadata' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($package)
        try {
            $entries = @($zip.Entries.FullName | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|WriterJobs\.nuspec$)' } | Sort-Object)
            $reader = [IO.StreamReader]::new($zip.GetEntry('WriterJobs.nuspec').Open())
            $nuspec = [xml] $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $folder = Get-ModuleFolder
        $files = @(Get-ChildItem -LiteralPath $folder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($folder, $_.FullName).Replace('\', '/') } | Sort-Object)
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $folder 'WriterJobs.psd1')

        $entries | Should -Be $files
        $entries | Should -Contain 'en-US/WriterJobs.dll-Help.xml'
        $entries | Should -Contain 'Invoke-WriterJobSweep.ps1'
        $nuspec.package.metadata.id | Should -Be 'WriterJobs'
        $nuspec.package.metadata.version | Should -Be $version
        $nuspec.package.metadata.description | Should -Be $manifest.Description
        $nuspec.package.metadata.releaseNotes | Should -Be $manifest.PrivateData.PSData.ReleaseNotes
        $nuspec.package.metadata.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        $nuspec.package.metadata.tags -split ' ' | Should -Contain 'PSModule'
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $nuspec.package.metadata.tags -split ' ' | Should -Contain $tag }
    }
}

Describe 'The package, through a PSResource repository' {
    BeforeAll {
        # Retried jobs stay in progress for the rest of the test.
        $emulator = Start-WriterEmulator -Jobs 20 -Failed 0.5 -CompletionMs 600000
        $scratch = Join-Path $TestDrive 'gallery'
        $repository = New-Item -ItemType Directory -Path (Join-Path $scratch 'repository')
        Copy-Item -LiteralPath $package -Destination $repository
        $child = Join-Path $scratch 'round-trip.ps1'
        Set-Content -LiteralPath $child -Value @'
# -File hands over one string: the IDs come comma-separated.
param([string] $Repository, [string] $Ids)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name Scratch -Uri $Repository -Trusted
Install-PSResource -Name WriterJobs -Repository Scratch -Scope CurrentUser -Quiet
Import-Module WriterJobs
$installedAt = (Get-Module WriterJobs).ModuleBase
$records = @(Get-WriterJob -Id ($Ids -split ',') | Where-Object Status -eq failed | Invoke-WriterJobRetry)
# The sweep as a scheduler runs it, from the installed module's folder: pwsh -File, plain strings.
$sweep = Join-Path $installedAt 'Invoke-WriterJobSweep.ps1'
$pwsh = @([Environment]::ProcessPath) + @(if ((Split-Path ([Environment]::ProcessPath) -LeafBase) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
$sweepOutput = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NonInteractive -NoProfile -File $sweep -ApplicationId app-1 -HistoryPath (Join-Path $Repository 'history.json') 2>&1
$sweepExit = $LASTEXITCODE
$sweepSource = (Get-Command Invoke-WriterJobSweep).Source
Remove-Module WriterJobs
Uninstall-PSResource -Name WriterJobs -Scope CurrentUser
[pscustomobject]@{
    InstalledAt      = $installedAt
    Retried          = @($records | Where-Object Action -eq Retried).Id
    SweepExit        = $sweepExit
    SweepSource      = $sweepSource
    SweepRetried     = @($sweepOutput | Where-Object { "$_" -match 'action=Retried' }).Count
    LeftAfterRemoval = @(Get-Module -ListAvailable WriterJobs).Count
} | ConvertTo-Json -Compress
'@
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $completed = @(Get-EmulatorJobId $emulator -Status completed)
        # On Linux and macOS, PSResourceGet installs for the current user under HOME, where PowerShell looks too
        # (unless XDG_DATA_HOME says otherwise, so it is cleared); .NET names a user folder only once it exists.
        $userHome = Join-Path $scratch 'home'
        $null = New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share')
        $saved = @{}
        $isolation = @{
            HOME            = $userHome
            XDG_DATA_HOME   = $null
            XDG_CONFIG_HOME = $null
            WRITER_API_KEY  = $emulator.ApiKey
            WRITER_BASE_URL = $emulator.BaseUri
        }
        foreach ($name in $isolation.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $isolation[$name])
        }
        try {
            $output = Invoke-Pwsh -NoProfile -NonInteractive -File $child -Repository $repository.FullName -Ids (($failed[0..2] + $completed[0..2]) -join ',')
            if ($LASTEXITCODE) { throw "The round trip failed ($LASTEXITCODE): $output" }
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $result = $output | Select-Object -Last 1 | ConvertFrom-Json
    }

    AfterAll {
        Stop-WriterEmulator $emulator
    }

    It 'installs with Install-PSResource into the user''s module folder and imports by name' {
        $result.InstalledAt | Should -Be (Join-Path $scratch "home/.local/share/powershell/Modules/WriterJobs/$version")
    }

    It 'runs the used-by line from the installed module: exactly the failed jobs are retried' {
        @($result.Retried) | Should -Be @($failed[0..2] | ForEach-Object Guid)
        foreach ($id in $failed[0..2]) { (Get-EmulatorJob $emulator $id).status | Should -Be 'in_progress' }
    }

    It 'ships the sweep: Get-Command finds Invoke-WriterJobSweep, and its script in the module folder runs with pwsh -File, exit code 0' {
        $result.SweepSource | Should -Be 'WriterJobs'
        $result.SweepExit | Should -Be 0
        $result.SweepRetried | Should -Be ($failed.Count - 3)
    }

    It 'uninstalls with Uninstall-PSResource' {
        $result.LeftAfterRemoval | Should -Be 0
    }
}

Describe 'The shipped script' {
    It 'uses only syntax Windows PowerShell 5.1 parses' {
        $tokens = $errors = $null
        $ast = [Management.Automation.Language.Parser]::ParseFile((Join-Path (Get-ModuleFolder) 'Invoke-WriterJobSweep.ps1'), [ref] $tokens, [ref] $errors)
        # What PowerShell 6 and 7 added to the language: ?: ?? ??= ?. ?[] && || a trailing & and clean {}.
        $newer = $ast.FindAll({
                param($node)
                $node -is [Management.Automation.Language.TernaryExpressionAst] -or $node -is [Management.Automation.Language.PipelineChainAst] -or
                ($node -is [Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -eq 'QuestionQuestion') -or
                ($node -is [Management.Automation.Language.AssignmentStatementAst] -and $node.Operator -eq 'QuestionQuestionEquals') -or
                ($node -is [Management.Automation.Language.MemberExpressionAst] -and $node.NullConditional) -or
                ($node -is [Management.Automation.Language.IndexExpressionAst] -and $node.NullConditional) -or
                ($node -is [Management.Automation.Language.PipelineAst] -and $node.Background) -or
                ($node -is [Management.Automation.Language.ScriptBlockAst] -and $node.CleanBlock)
            }, $true)

        $errors | Should -BeNullOrEmpty
        $newer | Should -BeNullOrEmpty
    }
}
