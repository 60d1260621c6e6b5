# The repository's own PSScriptAnalyzer rule (tools/WriterJobs.AnalyzerRules.psm1, run by build.ps1 -Task Analyze),
# called with a script's tokens as PSScriptAnalyzer calls it: no PSScriptAnalyzer needed, so CI runs these too.

BeforeAll {
    Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/WriterJobs.AnalyzerRules.psm1') -Force

    # What the rule finds in the code under one of its two names.
    function Get-Finding([string] $RuleName, [string] $Code) {
        $tokens = $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
        Measure-WindowsPowerShellCompatibility -Token $tokens | Where-Object RuleName -EQ $RuleName
    }
}

Describe 'Measure-WindowsPowerShellCompatibility: syntax' {
    It 'finds <Syntax>' -ForEach @(
        @{ Syntax = 'a clean block'; Code = 'function f { process { } clean { } }' }
        @{ Syntax = 'the background operator'; Code = 'Get-Process &' }
        @{ Syntax = 'a pipe at the start of a line'; Code = "Get-Process`n    | Select-Object Name" }
        @{ Syntax = 'a generic method call'; Code = '[Linq.Enumerable]::Empty[int]()' }
        @{ Syntax = 'a null-conditional index'; Code = '${a}?[0]' }
        @{ Syntax = 'a `u{} escape'; Code = '"`u{2014}"' }
        @{ Syntax = 'a numeric suffix'; Code = '1uy + 2' }
        @{ Syntax = 'a binary literal'; Code = '0b101' }
        @{ Syntax = 'a BigInteger literal'; Code = '5n' }
        @{ Syntax = '-replace with a script block'; Code = '''abc'' -replace ''b'', { $_.Value }' }
    ) {
        $found = @(Get-Finding WriterJobsWindowsPowerShellSyntax $Code)

        $found | Should -HaveCount 1
        $found[0].RuleName | Should -Be 'WriterJobsWindowsPowerShellSyntax'
        $found[0].Severity | Should -Be 'Error'
        $found[0].Message | Should -Match 'Windows PowerShell 5.1'
    }

    It 'finds nothing in what 5.1 parses as PowerShell 7 does' {
        $code = @'
function f { begin { } process { } end { } }
Get-Process |
    Select-Object Name `
    | Sort-Object Name
"`$x `n $(1 + 2) u{2014} ``u{2014}"
'a`u{1}'
$n = 1 + 0x1F + 2kb + 1.5e3 + 3d + 4l
'abc' -replace 'b', 'c'
$list = [System.Collections.Generic.List[int]]::new()
$list.Add(1)
'@
        Get-Finding WriterJobsWindowsPowerShellSyntax $code | Should -BeNullOrEmpty
    }
}

Describe 'Measure-WindowsPowerShellCompatibility: commands' {
    It 'finds <What>' -ForEach @(
        @{ What = 'ForEach-Object -Parallel'; Code = '1..2 | ForEach-Object -Parallel { $_ }' }
        @{ What = 'ForEach-Object -Parallel through %'; Code = '1..2 | % -Parallel { $_ }' }
        @{ What = 'ConvertFrom-Json -AsHashtable, abbreviated'; Code = '''{}'' | ConvertFrom-Json -AsHash' }
        @{ What = 'Invoke-RestMethod -SkipCertificateCheck'; Code = 'irm https://localhost -SkipCertificateCheck' }
        @{ What = 'Join-String'; Code = '1, 2 | Join-String -Separator '','' ' }
        @{ What = '-Encoding utf8NoBOM'; Code = 'Set-Content -Path x -Value 1 -Encoding utf8NoBOM' }
        @{ What = '$IsWindows'; Code = 'if ($IsWindows) { 1 }' }
        @{ What = '[semver]'; Code = '[semver] ''1.0.0''' }
        @{ What = 'Export-Csv without -NoTypeInformation'; Code = 'Get-Process | Export-Csv -Path p.csv' }
    ) {
        $found = @(Get-Finding WriterJobsWindowsPowerShellCommand $Code)

        $found | Should -HaveCount 1
        $found[0].RuleName | Should -Be 'WriterJobsWindowsPowerShellCommand'
        $found[0].Message | Should -Match '5\.1'
    }

    It 'finds nothing in commands 5.1 has' {
        $code = @'
1..2 | ForEach-Object -Process { $_ }
'{}' | ConvertFrom-Json | ConvertTo-Json -Depth 3 -Compress
Get-Process | Export-Csv -Path p.csv -NoTypeInformation
Get-Process | ConvertTo-Csv -NoType
Set-Content -Path x -Value 1 -Encoding UTF8
Where-Object -Property Name -NotLike 'a*' -InputObject $PSVersionTable
'@
        Get-Finding WriterJobsWindowsPowerShellCommand $code | Should -BeNullOrEmpty
    }

    It 'leaves alone a script that says it needs PowerShell 7' {
        Get-Finding WriterJobsWindowsPowerShellCommand "#Requires -Version 7.2`n1..2 | ForEach-Object -Parallel { `$_ }" | Should -BeNullOrEmpty
    }
}
