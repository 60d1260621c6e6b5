# PSScriptAnalyzer's settings for the repository's scripts and help examples (build.ps1 -Task Analyze, which runs
# tools/Invoke-ScriptAnalysis.ps1; it adds this repository's rules, tools/WriterJobs.AnalyzerRules.psm1).
@{
    # The default rules of these severities, and the rules configured below.
    Severity     = @('Error', 'Warning')
    ExcludeRules = @(
        # build.ps1, the demo and the test helpers talk to a person at a console on purpose.
        'PSAvoidUsingWriteHost'
    )
    Rules        = @{
        # Every script and help example parses on Windows PowerShell 5.1 and on PowerShell 7 (issue 18): no ?., ??,
        # ??=, ternary, && or || (the rule's versions are majors: 5.1 counts as 5). PSUseCompatibleCmdlets,
        # PSUseCompatibleCommands and PSUseCompatibleTypes are not enabled: they need compatibility profiles.
        PSUseCompatibleSyntax = @{
            Enable         = $true
            TargetVersions = @('5.1', '7.0')
        }
    }
}
