# The build's own plumbing, where it once failed: starting a child PowerShell under the .NET tool, and a task list
# handed over by pwsh -File as one string.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $root = Get-RepositoryRoot
}

Describe 'Invoke-Pwsh' {
    It 'starts a PowerShell of the same version and home as this one, never the bare dotnet host' {
        $child = Invoke-Pwsh -NoProfile -NonInteractive -Command '"$($PSVersionTable.PSVersion)|$PSHOME"'

        $LASTEXITCODE | Should -Be 0
        $child | Should -Be "$($PSVersionTable.PSVersion)|$PSHOME"
    }
}

Describe 'build.ps1 -Task' {
    It 'splits a comma list that pwsh -File hands over as one string, and checks every task before running any' {
        $output = Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') -Task 'Build,Bogus' 2>&1 | Out-String

        $LASTEXITCODE | Should -Not -Be 0
        $output | Should -Match "Unknown task 'Bogus'"
        $output | Should -Not -Match '== Build'
    }
}
