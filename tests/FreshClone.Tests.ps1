# What a new user does first, on a fresh clone of the committed repository and with no pwsh on PATH: build the
# module with the README's command, and run the README's demo command. The README's test command is the one
# .ci/run runs (it is running this file, so it is compared rather than run again).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $root = Get-RepositoryRoot
    $readme = Get-Content -LiteralPath (Join-Path $root 'README.md') -Raw

    # The command in the README's table row that starts with **<what>**.
    function Get-ReadmeCommand([string] $What) {
        $match = [regex]::Match($readme, "(?m)^\| \*\*$What\*\*[^|]*\| ``([^``]+)`` \|")
        if (-not $match.Success) { throw "The README has no '$What' command." }
        $match.Groups[1].Value
    }

    # Runs a command line in the platform's shell, in the clone, with every folder holding a pwsh left off PATH.
    function Invoke-InClone([string] $CommandLine) {
        $savedPath = $env:PATH
        $env:PATH = ($env:PATH -split [IO.Path]::PathSeparator |
            Where-Object { $_ -and -not (Test-Path (Join-Path $_ 'pwsh')) -and -not (Test-Path (Join-Path $_ 'pwsh.exe')) }) -join [IO.Path]::PathSeparator
        Push-Location $clone
        try {
            $output = if ($IsWindows) { & cmd.exe /d /c $CommandLine 2>&1 } else { & bash -c $CommandLine 2>&1 }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        }
        finally {
            Pop-Location
            $env:PATH = $savedPath
        }
    }

    $clone = Join-Path $TestDrive 'clone'
    & git clone --quiet $root $clone
    if ($LASTEXITCODE) { throw "git clone failed ($LASTEXITCODE)." }
}

Describe 'A fresh clone, with no pwsh on PATH' {
    It 'builds an importable module folder with dotnet publish src/WriterJobs -c Release' {
        $build = Invoke-InClone 'dotnet publish src/WriterJobs -c Release --nologo'
        $manifest = Join-Path $clone "out/WriterJobs/$(Get-ModuleVersion)/WriterJobs.psd1"

        $build.ExitCode | Should -Be 0 -Because $build.Output
        $commands = Invoke-Pwsh -NoProfile -NonInteractive -Command "(Import-Module '$manifest' -PassThru).ExportedCmdlets.Count"
        # Every cmdlet has its page in docs/en-US, so the pages say how many the module exports.
        $commands | Should -Be @(Get-ChildItem -Path (Join-Path $clone 'docs/en-US') -Filter '*-*.md').Count
    }

    It 'runs the README''s demo command: the used-by line retries the failed jobs and shows it' {
        $command = Get-ReadmeCommand 'demo'

        $demo = Invoke-InClone $command

        $demo.ExitCode | Should -Be 0 -Because $demo.Output
        $demo.Output | Should -Match 'Get-WriterJob -Id \$ids \| Where-Object Status -eq failed \| Invoke-WriterJobRetry'
        $demo.Output | Should -Match 'Retried'
        $demo.Output | Should -Match '(?m)^([1-9]\d*) of 40 jobs were failed and retried once each\.'
    }

    It 'has the README''s test command in .ci/run, exactly' {
        $command = Get-ReadmeCommand 'test'

        $command | Should -Match '^dotnet tool restore && dotnet pwsh '
        Get-Content -LiteralPath (Join-Path $clone '.ci/run') | Where-Object { $_.StartsWith($command) } | Should -HaveCount 1
    }
}
