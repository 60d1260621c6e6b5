# PSScriptAnalyzer's settings for the repository's scripts (build.ps1 -Task Analyze).
@{
    Severity     = @('Error', 'Warning')
    ExcludeRules = @(
        # build.ps1, the demo and the test helpers talk to a person at a console on purpose.
        'PSAvoidUsingWriteHost'
    )
}
