<#
.SYNOPSIS
    The Analyze task of build.ps1: PSScriptAnalyzer, with PSScriptAnalyzerSettings.psd1, over every script of the
    repository and every help example; exit code 1 on any finding.

.DESCRIPTION
    What is analyzed:
    - every .ps1, .psm1 and .psd1 file of the repository (not out/, bin/, obj/): what the module and its package
      ship, docs/examples, build.ps1, tools/ and the tests. The manifest WriterJobs.psd1 is analyzed in the layout
      it ships in, beside its format file.
    - every help example: the powershell code blocks of the pages in docs/en-US, and the indented code blocks of the
      about_ topics that are PowerShell (the others, such as a table of variables or a cron line, are listed as not
      analyzed). Each is written to a temporary .ps1 file; a finding names the page, its line and the example.

    The rules: PSScriptAnalyzer's default rules of severity Error and Warning, PSUseCompatibleSyntax for Windows
    PowerShell 5.1 and PowerShell 7 (settings file; the scripts under tests/ leave out the rules that
    tests/PSScriptAnalyzerSettings.psd1 names), and this repository's rule in tools/WriterJobs.AnalyzerRules.psm1:
    the syntax 5.1 lacks that PSUseCompatibleSyntax does not report, everywhere; and, kept for the shipped scripts and
    the help examples only (they must run on 5.1), the commands, parameters and variables 5.1 lacks.

.EXAMPLE
    dotnet pwsh -NoProfile -File tools/Invoke-ScriptAnalysis.ps1
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path -Parent $PSScriptRoot
$settings = Join-Path $root 'PSScriptAnalyzerSettings.psd1'
# The scripts under tests/ take the repository's settings with the tests' own exclusions added.
$testSettings = Import-PowerShellDataFile $settings
$testSettings.ExcludeRules += (Import-PowerShellDataFile (Join-Path $root 'tests/PSScriptAnalyzerSettings.psd1')).ExcludeRules
$rules = Join-Path $PSScriptRoot 'WriterJobs.AnalyzerRules.psm1'
$shippedOnly = 'WriterJobsWindowsPowerShellCommand'

$analyzer = Get-Module -ListAvailable -Name PSScriptAnalyzer | Sort-Object -Property Version -Descending | Select-Object -First 1
if (-not $analyzer) {
    throw ('PSScriptAnalyzer is not installed, so the Analyze task cannot run. Install it for the current user ' +
        '(Install-PSResource PSScriptAnalyzer, or build it from https://github.com/PowerShell/PSScriptAnalyzer) and run the task again.')
}
Import-Module -Name $analyzer.Path

function Get-RelativePath([string] $Path) {
    $Path.Substring($root.Length).TrimStart('\', '/').Replace('\', '/')
}

# A code block of a help page: where it is and its text.
function ConvertTo-HelpBlock([string] $Page, [int] $Line, [string] $Name, [string[]] $Lines) {
    [pscustomobject]@{ Page = $Page; Line = $Line; Name = $Name; Code = ($Lines -join "`n").TrimEnd() }
}

<#
.SYNOPSIS
    The code blocks of a help page, each named by the heading above it: fenced blocks marked powershell, or not marked
    and under EXAMPLES; in an about_ topic (plain text once built) also the blocks indented by four spaces.
#>
function Get-HelpBlock([string] $Path) {
    $page = Get-RelativePath $Path
    $indented = (Split-Path -Leaf $Path) -like 'about_*'
    $heading = ''
    $section = ''
    $fence = $null
    $block = $null
    $blankBefore = $true
    $lineNumber = 0
    foreach ($line in (Get-Content -LiteralPath $Path)) {
        $lineNumber++
        if ($fence) {
            if ($line -match '^\s*```\s*$') {
                if ($fence.Code) { ConvertTo-HelpBlock $page $fence.Line $heading $fence.Lines }
                $fence = $null
                $blankBefore = $false
            }
            else { $fence.Lines.Add($line) }
            continue
        }
        if ($block) {
            if ($line -match '^( {4}|\t)') { $block.Lines.Add(($line -replace '^( {4}|\t)', '')); continue }
            if ($line -match '^\s*$') { $block.Lines.Add(''); continue }
            ConvertTo-HelpBlock $page $block.Line $heading $block.Lines
            $block = $null
        }
        if ($line -match '^(#+)\s+(.+)$') {
            $heading = $Matches[2].Trim()
            if ($Matches[1] -eq '##') { $section = $heading }
        }
        elseif ($line -match '^\s*```\s*(\w*)') {
            $code = ($Matches[1] -in 'powershell', 'pwsh', 'ps1', 'ps') -or ($Matches[1] -eq '' -and $section -eq 'EXAMPLES')
            $fence = @{ Line = $lineNumber + 1; Code = $code; Lines = [System.Collections.Generic.List[string]]::new() }
        }
        elseif ($indented -and $blankBefore -and $line -match '^( {4}|\t)\S') {
            $block = @{ Line = $lineNumber; Lines = [System.Collections.Generic.List[string]]::new() }
            $block.Lines.Add(($line -replace '^( {4}|\t)', ''))
        }
        $blankBefore = $line -match '^\s*$'
    }
    if ($block) { ConvertTo-HelpBlock $page $block.Line $heading $block.Lines }
}

# An indented block of an about_ topic is PowerShell when it parses and starts with a command of an approved verb, an
# assignment or an expression; a table of names, a list of exit codes or a cron line is not.
function Test-PowerShellBlock([string] $Code) {
    $tokens = $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
    if ($errors) { return $false }
    $first = @($ast.EndBlock.Statements) | Select-Object -First 1
    if (-not $first) { return $false }
    if ($first -isnot [System.Management.Automation.Language.PipelineAst]) { return $true }
    $element = $first.PipelineElements[0]
    if ($element -isnot [System.Management.Automation.Language.CommandAst]) { return $true }
    $verb = ("$($element.GetCommandName())" -split '-', 2)[0]
    [bool] ($element.GetCommandName() -match '^\w+-\w+$' -and (Get-Verb -Verb $verb))
}

# Invoke-ScriptAnalyzer on one file or folder; what it cannot analyze is a finding too.
function Invoke-Analyzer([string] $Path, [object] $AnalyzerSettings = $settings) {
    Invoke-ScriptAnalyzer -Path $Path -Settings $AnalyzerSettings -CustomRulePath $rules -IncludeDefaultRules -ErrorVariable analyzerErrors -ErrorAction SilentlyContinue
    foreach ($analyzerError in $analyzerErrors) {
        [pscustomobject]@{ ScriptPath = $Path; Line = 0; RuleName = 'AnalyzerError'; Message = "$analyzerError" }
    }
}

# Findings in help examples that are right as they are: what the rule guards against is not what the example does.
$acceptedInExamples = @(
    @{
        Rule = 'PSAvoidUsingConvertToSecureStringWithPlainText'; Page = 'docs/en-US/Connect-Writer.md'; Example = 'Example 2:*'
        Reason = 'no key is written in the code: it is the one already in WRITER_API_KEY (the emulator''s made-up key there)'
    }
    @{
        Rule = 'PSAvoidUsingConvertToSecureStringWithPlainText'; Page = 'docs/en-US/Connect-Writer.md'; Example = 'Example 4:*'
        Reason = 'a key kept in a file arrives as text, and this is how text becomes a SecureString, on 5.1 too'
    }
    @{
        Rule = 'PSShouldProcess'; Page = 'docs/en-US/Invoke-WriterJobRetry.md'; Example = 'Example 3:*'
        Reason = 'that is the example: the function''s -WhatIf reaches Invoke-WriterJobRetry through $WhatIfPreference, with no ShouldProcess call of its own'
    }
)

$scratch = Join-Path ([IO.Path]::GetTempPath()) "WriterJobs-Analyze-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory -Path $scratch
try {
    $findings = [System.Collections.Generic.List[object]]::new()
    $accepted = [System.Collections.Generic.List[string]]::new()

    # Scripts: the commands 5.1 lacks matter only in those that ship (5.1 runs them).
    $files = @(Get-ChildItem -LiteralPath $root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
            Where-Object { (Get-RelativePath $_.FullName) -notmatch '(^|/)(out|bin|obj|TestResults|BenchmarkDotNet\.Artifacts|\.git)/' } |
            Sort-Object -Property FullName)
    foreach ($file in $files) {
        $relative = Get-RelativePath $file.FullName
        $shipped = $relative -eq 'WriterJobs.psd1' -or $relative -like 'src/*' -or $relative -like 'docs/examples/*'
        $path = $file.FullName
        if ($relative -eq 'WriterJobs.psd1') {
            # Its FormatsToProcess names a file the module folder holds beside it.
            $moduleCopy = Join-Path $scratch 'WriterJobs'
            $null = New-Item -ItemType Directory -Path $moduleCopy
            Copy-Item -LiteralPath $file.FullName, (Join-Path $root 'src/WriterJobs/WriterJobs.format.ps1xml') -Destination $moduleCopy
            $path = Join-Path $moduleCopy 'WriterJobs.psd1'
        }
        $fileSettings = if ($relative -like 'tests/*') { $testSettings } else { $settings }
        foreach ($record in @(Invoke-Analyzer $path $fileSettings | Where-Object { $shipped -or $_.RuleName -ne $shippedOnly })) {
            $findings.Add([pscustomobject]@{ Where = "${relative}:$($record.Line)"; Rule = $record.RuleName; Message = $record.Message })
        }
    }

    # Help examples, each in a .ps1 file of its own, analyzed as a shipped script.
    $blocks = @(Get-ChildItem -LiteralPath (Join-Path $root 'docs/en-US') -Filter '*.md' | Sort-Object -Property Name |
            ForEach-Object { Get-HelpBlock $_.FullName })
    $examples = @($blocks | Where-Object { $_.Page -notlike '*/about_*' -or (Test-PowerShellBlock $_.Code) })
    $notPowerShell = @($blocks | Where-Object { $examples -notcontains $_ })
    $exampleFolder = Join-Path $scratch 'examples'
    $null = New-Item -ItemType Directory -Path $exampleFolder
    for ($i = 0; $i -lt $examples.Count; $i++) {
        [IO.File]::WriteAllText((Join-Path $exampleFolder "$i.ps1"), $examples[$i].Code + "`n", [Text.UTF8Encoding]::new($true))
    }
    if ($examples) {
        foreach ($record in @(Invoke-Analyzer $exampleFolder)) {
            $index = [IO.Path]::GetFileNameWithoutExtension($record.ScriptPath)
            $finding = [pscustomobject]@{ Where = 'docs/en-US (the help examples)'; Rule = $record.RuleName; Message = $record.Message }
            if ($index -match '^\d+$') {
                $example = $examples[[int] $index]
                $finding.Where = "$($example.Page):$($example.Line + [Math]::Max($record.Line, 1) - 1) ($($example.Name))"
                $finding.Message = $finding.Message.Replace("File '$index.ps1'", 'The example').Replace("'$index.ps1'", 'the example')
                $reason = $acceptedInExamples | Where-Object { $_.Rule -eq $record.RuleName -and $_.Page -eq $example.Page -and $example.Name -like $_.Example } |
                    ForEach-Object Reason
                if ($reason) {
                    $accepted.Add("$($finding.Where): $($record.RuleName), because $reason")
                    continue
                }
            }
            $findings.Add($finding)
        }
    }
}
finally {
    Remove-Item -LiteralPath $scratch -Recurse -Force
}

foreach ($block in $notPowerShell) {
    $firstLine = ($block.Code -split "`n")[0]
    if ($firstLine.Length -gt 60) { $firstLine = $firstLine.Substring(0, 60) + '...' }
    Write-Host "Not PowerShell, not analyzed: $($block.Page):$($block.Line) ($($block.Name)): $firstLine"
}
foreach ($line in $accepted) { Write-Host "Accepted: $line" }
if ($findings.Count) { $findings | Sort-Object -Property Where | Format-Table -Property Where, Rule, Message -Wrap | Out-String -Width 200 | Write-Host }
Write-Host ("PSScriptAnalyzer $($analyzer.Version) (default rules, PSUseCompatibleSyntax for 5.1 and 7, tools/WriterJobs.AnalyzerRules.psm1): " +
    "$($files.Count) script files, $($examples.Count) help examples, $($findings.Count) finding(s), $($accepted.Count) accepted.")
if ($findings.Count) { exit 1 }
